package zos.networkd.api.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the kernel's files under /proc/sys. */
public final class ProcFiles {
    /** More than any sysctl holds. */
    private static final int MAX = 4096;

    private ProcFiles() {
    }

    /**
     * A sysctl's value, trimmed, in one read from offset 0. Integer sysctls answer nothing to a read
     * at an offset, and {@code Files.readString} probes with a one-byte read first: it would return
     * "6" for 65536.
     */
    public static String readSysctl(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX), StandardCharsets.UTF_8).trim();
        }
    }
}
