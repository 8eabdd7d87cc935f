package zos.networkd.wireguard.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.networkd.api.files.AtomicFiles;
import zos.networkd.api.files.ProcFiles;
import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.WireguardBackend;
import zos.networkd.api.wireguard.WireguardException;

/**
 * WireGuard in userspace: one {@code wireguard-go -f <name>} process per device, started from a
 * thread that lives in the socket's namespace (a child inherits the calling thread's network
 * namespace, so its TUN device and UDP socket are made there), configured over
 * {@code /var/run/wireguard/<name>.sock}. Processes are not tied to this object: they keep running
 * when the bundle is updated and are found again by PID and start time.
 */
final class UserspaceBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(UserspaceBackend.class);
    /** wireguard-go refuses to start on kernels that have WireGuard unless told otherwise. */
    static final String PREFER_USERSPACE = "WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD";
    private static final long MAX_LOG_BYTES = 1 << 20;
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final HostNetworking host;
    private final Path runDirectory;
    private final Path logDirectory;
    private final String executable;
    private final Duration startTimeout;
    /** How long the last start waited for wireguard-go (spawn until its socket answers), for benchmarks. */
    private volatile long lastStartWaitNanos;

    UserspaceBackend(HostNetworking host, Path runDirectory, Path logDirectory, String executable,
            Duration startTimeout) {
        this.host = host;
        this.runDirectory = runDirectory;
        this.executable = executable;
        this.startTimeout = startTimeout;
        try {
            this.logDirectory = AtomicFiles.privateDirectory(logDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the wireguard-go log directory " + logDirectory, e);
        }
    }

    @Override
    public WireguardBackend kind() {
        return WireguardBackend.USERSPACE;
    }

    Path socketOf(String name) {
        return runDirectory.resolve(name + ".sock");
    }

    Path logOf(String name) {
        return logDirectory.resolve(name + ".log");
    }

    @Override
    public ProcessIdentity create(DeviceSpec spec) {
        String name = spec.name();
        Path socket = socketOf(name);
        if (Files.exists(socket)) {
            if (UapiClient.answers(socket)) {
                throw new WireguardException(name, "create", "another wireguard-go already serves " + socket
                        + " (device names must be unique on the machine, across namespaces)");
            }
            deleteQuietly(socket); // left by a process that was killed
        }
        Path log = logOf(name);
        rotate(log);
        NetworkNamespace namespace = namespace(spec.socketNamespace());
        long spawned = System.nanoTime();
        Process process;
        try {
            process = namespace.call(() -> {
                ProcessBuilder builder = new ProcessBuilder(List.of(executable, "-f", name))
                        .redirectInput(new File("/dev/null"))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                builder.environment().put(PREFER_USERSPACE, "1");
                builder.environment().put("LOG_LEVEL", "error");
                return builder.start();
            });
        } catch (IOException e) {
            throw new WireguardException(name, "create", "cannot start " + executable + " in "
                    + namespace.describe() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new WireguardException(name, "create", "cannot start " + executable + ": " + e, e);
        }
        ProcessIdentity identity = ProcessIdentity.of(process.pid()).orElse(new ProcessIdentity(process.pid(), 0));
        try {
            awaitSocket(name, process, socket, log);
            lastStartWaitNanos = System.nanoTime() - spawned;
            return ProcessIdentity.of(process.pid()).orElseThrow(
                    () -> new WireguardException(name, "create", "wireguard-go exited right after it started"));
        } catch (RuntimeException e) {
            stop(name, identity);
            throw e;
        }
    }

    /**
     * wireguard-go watches its UAPI socket with an inotify instance of its own, so the per-user
     * limit of inotify instances (128 by default, shared with everything else the user runs)
     * caps the devices of the userspace backend: say so where it bites.
     */
    static String inotifyHint(String output) {
        if (!output.toLowerCase(java.util.Locale.ROOT).contains("too many open files")) {
            return "";
        }
        String limit;
        try {
            limit = ProcFiles.readSysctl(Path.of("/proc/sys/fs/inotify/max_user_instances"));
        } catch (IOException e) {
            limit = "unknown";
        }
        return " (each wireguard-go takes one inotify instance; fs.inotify.max_user_instances is " + limit
                + ": a node image with many network resources raises it)";
    }

    private void awaitSocket(String name, Process process, Path socket, Path log) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        long pause = 1;
        while (true) {
            if (Files.exists(socket) && UapiClient.answers(socket)) {
                return;
            }
            if (!process.isAlive()) {
                String output = tail(log);
                throw new WireguardException(name, "create", "wireguard-go exited with status " + process.exitValue()
                        + ": " + output + inotifyHint(output));
            }
            if (System.nanoTime() > deadline) {
                throw new WireguardException(name, "create", "wireguard-go did not open " + socket + " within "
                        + startTimeout.toMillis() + " ms: " + tail(log));
            }
            sleep(pause);
            pause = Math.min(pause * 2, 20);
        }
    }

    long lastStartWaitNanos() {
        return lastStartWaitNanos;
    }

    @Override
    public void apply(DeviceRecord record, String namespace, ConfigDelta delta) {
        String name = record.name();
        String answer;
        try {
            answer = UapiClient.exchange(socketOf(name), Uapi.set(delta));
        } catch (IOException e) {
            throw new WireguardException(name, "configure", "no answer from wireguard-go on " + socketOf(name) + ": "
                    + e.getMessage(), e);
        }
        int errno = Uapi.errno(answer);
        if (errno != 0) {
            throw new WireguardException(name, "configure", "wireguard-go refused the configuration: "
                    + UapiClient.describe(errno));
        }
    }

    @Override
    public DeviceReading read(DeviceRecord record, String namespace) {
        String name = record.name();
        String answer;
        try {
            answer = UapiClient.exchange(socketOf(name), Uapi.GET);
        } catch (IOException e) {
            throw new WireguardException(name, "read", "no answer from wireguard-go on " + socketOf(name) + ": "
                    + e.getMessage(), e);
        }
        int errno = Uapi.errno(answer);
        if (errno != 0) {
            throw new WireguardException(name, "read", "wireguard-go answered " + UapiClient.describe(errno));
        }
        return Uapi.parseGet(answer);
    }

    @Override
    public boolean isRunning(DeviceRecord record) {
        ProcessIdentity process = record.process();
        return process != null && process.isAlive() && UapiClient.answers(socketOf(record.name()));
    }

    @Override
    public void destroy(DeviceRecord record) {
        stop(record.name(), record.process());
    }

    /** TERM, then KILL after a grace period; only the recorded process, never a reused PID. Removes the socket. */
    void stop(String name, ProcessIdentity process) {
        if (process != null && process.isAlive()) {
            ProcessHandle handle = ProcessHandle.of(process.pid()).orElse(null);
            if (handle != null) {
                handle.destroy();
                if (!awaitExit(process, STOP_GRACE)) {
                    LOG.warn("wireguard-go of '{}' (pid {}) ignored TERM for {} s; killing it", name, process.pid(),
                            STOP_GRACE.toSeconds());
                    handle.destroyForcibly();
                    awaitExit(process, STOP_GRACE);
                }
            }
        }
        if (process == null || !process.isAlive()) {
            deleteQuietly(socketOf(name)); // a killed process leaves its socket file
        }
    }

    private static boolean awaitExit(ProcessIdentity process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(5);
        }
        return true;
    }

    private NetworkNamespace namespace(String name) {
        return name == null ? host.ownNamespace() : host.namespace(name);
    }

    private static void rotate(Path log) {
        try {
            if (Files.exists(log) && Files.size(log) > MAX_LOG_BYTES) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("cannot rotate {}: {}", log, e.getMessage());
        }
    }

    /** The last lines wireguard-go wrote (its reason for failing); it never prints keys. */
    static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "(no output)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.contains("│") && !l.contains("┌") && !l.contains("└")).toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return last.isEmpty() ? "(no output)" : String.join(" | ", last);
        } catch (IOException | UncheckedIOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }

    /** Sleeps; an interrupt ends the wait with an exception (the caller is being stopped). */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
