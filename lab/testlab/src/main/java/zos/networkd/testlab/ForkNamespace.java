package zos.networkd.testlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check a test JVM that opens server ports runs first: it must be inside the zlab- namespace that
 * {@code lab/bin/java-in-zlab-netns} made for it (named in {@code ZLAB_NETNS}; the namespace it came
 * from in {@code ZLAB_HOST_NETNS}), never in the machine's own.
 */
public final class ForkNamespace {

    private ForkNamespace() {
    }

    /** Throws unless this process runs in the zlab- namespace the wrapper created for it; returns its name. */
    public static String requireLabNamespace() {
        String named = System.getenv("ZLAB_NETNS");
        if (named == null || !named.startsWith(Lab.NAME_PREFIX)) {
            throw new IllegalStateException("refusing to run outside a zlab- network namespace (ZLAB_NETNS=" + named
                    + "): run these tests through Maven, whose fork wrapper lab/bin/java-in-zlab-netns makes one");
        }
        long own = inode(Path.of("/proc/self/ns/net"));
        long lab = inode(Lab.NETNS_DIR.resolve(named));
        if (own != lab) {
            throw new IllegalStateException("this process's network namespace (" + own + ") is not " + named + " (" + lab + ")");
        }
        String host = System.getenv("ZLAB_HOST_NETNS");
        if (host == null || host.equals("net:[" + own + "]")) {
            throw new IllegalStateException("this process is in the namespace it was started from (" + host + ")");
        }
        return named;
    }

    private static long inode(Path path) {
        try {
            return ((Number) Files.getAttribute(path, "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot tell the network namespace of " + path + ": " + e, e);
        }
    }
}
