package zos.networkd.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The safety check every test runs before it starts Karaf or touches a link: the process must be
 * in a lab network namespace, never the machine's own. The failsafe fork is put in a fresh
 * {@code zlab-itest-*} namespace by {@code lab/bin/java-in-zlab-netns}, which names it in
 * {@code ZLAB_NETNS} and names the namespace it came from in {@code ZLAB_HOST_NETNS}; the Karaf
 * that Pax Exam starts inherits both. ({@code /proc/1/ns/net} is not always readable, even for
 * root in a sandbox, so the wrapper's word is checked against the kernel instead.)
 */
final class LabNamespace {

    private LabNamespace() {
    }

    /** Throws unless this process runs in the zlab- namespace the wrapper created for it. */
    static void requireLabNamespace() {
        String named = System.getenv("ZLAB_NETNS");
        if (named == null || !named.startsWith("zlab-")) {
            throw new IllegalStateException("refusing to run outside a zlab- network namespace (ZLAB_NETNS="
                    + named + "): run the itests through Maven, whose failsafe jvm wrapper creates one");
        }
        long own = inode(Path.of("/proc/self/ns/net"));
        long lab = inode(Path.of("/run/netns", named));
        if (own != lab) {
            throw new IllegalStateException("this process's network namespace (" + own + ") is not " + named + " (" + lab + ")");
        }
        String host = System.getenv("ZLAB_HOST_NETNS");
        if (host == null || host.equals("net:[" + own + "]")) {
            throw new IllegalStateException("this process is in the namespace it was started from (" + host + ")");
        }
        Long initial = inodeIfReadable(Path.of("/proc/1/ns/net"));
        if (initial != null && initial == own) {
            throw new IllegalStateException("this process is in the initial network namespace");
        }
    }

    private static Long inodeIfReadable(Path path) {
        try {
            return inode(path);
        } catch (IllegalStateException unreadable) {
            return null;
        }
    }

    /** The inode of a namespace file: the namespace's identity ({@code net:[4026532316]}). */
    private static long inode(Path path) {
        try {
            return ((Number) Files.getAttribute(path, "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot tell the network namespace of " + path + ": " + e, e);
        }
    }
}
