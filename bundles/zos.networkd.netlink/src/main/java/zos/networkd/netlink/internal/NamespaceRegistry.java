package zos.networkd.netlink.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import com.sun.jna.LastErrorException;

import zos.networkd.api.host.HostNetworkException;
import zos.networkd.api.host.Names;

/**
 * Named network namespaces the way iproute2 keeps them (a bind mount of the namespace on
 * {@code /var/run/netns/NAME}, so {@code ip netns} sees ours and we see its), and the contexts this
 * bundle holds open in them. A context is tied to the namespace's identity (its nsfs inode): when a
 * name is deleted and created again elsewhere, the old context is dropped.
 */
final class NamespaceRegistry implements AutoCloseable {
    static final Path RUN_DIR = Path.of("/var/run/netns");
    private static final String OWN_NAMESPACE = "/proc/self/ns/net";

    private final NamespaceContext own;
    private final Map<String, NamespaceContext> named = new ConcurrentHashMap<>();
    private boolean runDirShared;

    NamespaceRegistry() {
        int fd = openNamespace(null);
        try {
            own = new NamespaceContext(null, 0, fd);
        } finally {
            NetlinkSocket.closeQuietly(fd);
        }
    }

    static Path pathOf(String name) {
        return RUN_DIR.resolve(Names.checkNamespaceName(name));
    }

    /** Opens the namespace file (own: {@code null}); the caller closes the descriptor. */
    static int openNamespace(String name) {
        String path = name == null ? OWN_NAMESPACE : pathOf(name).toString();
        try {
            return Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw Errno.failure("open " + NamespaceContext.describe(name), e);
        }
    }

    NamespaceContext own() {
        return own.acquire();
    }

    /** The context of a named namespace, acquired (call {@link NamespaceContext#release()}). */
    NamespaceContext acquire(String name, String operation) {
        if (name == null) {
            return own();
        }
        long identity = identity(name, operation);
        synchronized (this) {
            NamespaceContext context = named.get(name);
            if (context != null && context.identity() == identity) {
                return context.acquire();
            }
            if (context != null) {
                named.remove(name);
                context.close();
            }
            int fd = openNamespace(name);
            try {
                context = new NamespaceContext(name, identity, fd);
            } catch (HostNetworkException e) {
                // e.g. EINVAL: the file exists but holds no namespace (left by a crash)
                throw Errno.failure(operation + ": " + e.operation(), e.errno(), e.kernelMessage());
            } finally {
                NetlinkSocket.closeQuietly(fd);
            }
            named.put(name, context);
            return context.acquire();
        }
    }

    /** The namespace's nsfs inode: it tells two namespaces that had the same name apart. */
    private static long identity(String name, String operation) {
        byte[] stat = new byte[Libc.STAT_SIZE];
        try {
            Libc.stat(pathOf(name).toString(), stat);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == 2) {
                throw Errno.failure(operation + ": " + NamespaceContext.describe(name) + " does not exist", 2, null);
            }
            throw Errno.failure(operation + ": stat " + pathOf(name), e);
        }
        return ByteBuffer.wrap(stat).order(ByteOrder.nativeOrder()).getLong(Libc.STAT_INO_OFFSET);
    }

    boolean exists(String name) {
        return Files.exists(pathOf(name));
    }

    List<String> list() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(RUN_DIR)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(RUN_DIR)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            throw new HostNetworkException("list network namespaces", "cannot read " + RUN_DIR + ": " + e.getMessage());
        }
        names.sort(null);
        return names;
    }

    /**
     * Creates a namespace as {@code ip netns add} does: an empty file, a fresh thread that
     * unshares its network namespace, and a bind mount of that namespace on the file. The thread
     * then ends; the mount keeps the namespace.
     */
    synchronized void create(String name) {
        String operation = "create " + NamespaceContext.describe(name);
        Path path = pathOf(name);
        if (Files.exists(path)) {
            throw Errno.failure(operation, 17, null);
        }
        prepareRunDir(operation);
        try {
            NetlinkSocket.closeQuietly(Libc.open(path.toString(), Libc.O_RDONLY | Libc.O_CREAT | Libc.O_EXCL, 0));
        } catch (LastErrorException e) {
            throw Errno.failure(operation, e);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread creator = new Thread(() -> {
            try {
                Libc.unshare(Libc.CLONE_NEWNET);
                Libc.mount("/proc/thread-self/ns/net", path.toString(), "none", Libc.MS_BIND, null);
                done.complete(null);
            } catch (LastErrorException e) {
                done.completeExceptionally(Errno.failure(operation, e));
            }
        }, "netns-create-" + name);
        creator.start();
        try {
            done.get();
        } catch (InterruptedException | ExecutionException e) {
            removeFile(path);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new HostNetworkException(operation, "interrupted");
            }
            throw (RuntimeException) e.getCause();
        }
    }

    /** {@code /var/run/netns} must be a shared mount so that our bind mounts propagate, as iproute2 makes it. */
    private void prepareRunDir(String operation) {
        if (runDirShared) {
            return;
        }
        try {
            Files.createDirectories(RUN_DIR);
        } catch (IOException e) {
            throw new HostNetworkException(operation, "cannot create " + RUN_DIR + ": " + e.getMessage());
        }
        String dir = RUN_DIR.toString();
        try {
            Libc.mount("", dir, "none", Libc.MS_SHARED | Libc.MS_REC, null);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Libc.EINVAL) {
                throw Errno.failure(operation + ": make " + dir + " a shared mount", e);
            }
            // not a mount point yet: bind it on itself, then share it
            try {
                Libc.mount(dir, dir, "none", Libc.MS_BIND | Libc.MS_REC, null);
                Libc.mount("", dir, "none", Libc.MS_SHARED | Libc.MS_REC, null);
            } catch (LastErrorException again) {
                throw Errno.failure(operation + ": make " + dir + " a shared mount", again);
            }
        }
        runDirShared = true;
    }

    /** Drops our hold on the namespace, unmounts and removes its file. */
    synchronized void delete(String name) {
        String operation = "delete " + NamespaceContext.describe(name);
        Path path = pathOf(name);
        if (!Files.exists(path)) {
            throw Errno.failure(operation, 2, null);
        }
        NamespaceContext context = named.remove(name);
        if (context != null) {
            context.close();
        }
        try {
            Libc.umount2(path.toString(), Libc.MNT_DETACH);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Libc.EINVAL) { // EINVAL: a stale file that is not mounted
                throw Errno.failure(operation, e);
            }
        }
        removeFile(path);
    }

    private static void removeFile(Path path) {
        try {
            Libc.umount2(path.toString(), Libc.MNT_DETACH);
        } catch (LastErrorException ignored) {
            // not mounted
        }
        try {
            Libc.unlink(path.toString());
        } catch (LastErrorException ignored) {
            // already gone
        }
    }

    /** Closes contexts of named namespaces unused for longer than {@code nanos}, so we stop pinning them. */
    synchronized void evictIdle(long nanos) {
        for (Iterator<Map.Entry<String, NamespaceContext>> it = named.entrySet().iterator(); it.hasNext();) {
            NamespaceContext context = it.next().getValue();
            if (context.idleLongerThan(nanos)) {
                it.remove();
                context.close();
            }
        }
    }

    int openContexts() {
        return named.size();
    }

    @Override
    public synchronized void close() {
        named.values().forEach(NamespaceContext::close);
        named.clear();
        own.close();
    }
}
