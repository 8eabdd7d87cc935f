package zos.networkd.api.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * State files that survive crashes: a write goes to a temporary file in the same directory (created
 * with its final permissions, so a secret is never readable by others, not even for a moment), is
 * fsynced, renamed over the target, and the directory is fsynced. A reader sees the old content or
 * the new, never a mix.
 */
public final class AtomicFiles {
    /** Owner read/write only: for files that hold keys. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    /** Owner-only directory. */
    public static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private AtomicFiles() {
    }

    /**
     * Where a bundle keeps its state: the directory configured, or when none is
     * {@code <karaf.data>/zos/<name>}, which outlives the bundle (unlike its data area), as an absolute path.
     *
     * @param what the configuration property, for the message when neither is there
     */
    public static Path stateDirectory(String configured, String name, String what) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip()).toAbsolutePath();
        }
        String data = System.getProperty("karaf.data");
        if (data == null || data.isBlank()) {
            throw new IllegalStateException("no " + what + " configured and no karaf.data");
        }
        return Path.of(data, "zos", name).toAbsolutePath();
    }

    /** Creates the directory (and parents) owner-only if missing; returns it. */
    public static Path privateDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
        }
        Files.setPosixFilePermissions(directory, PRIVATE_DIRECTORY);
        return directory;
    }

    /** Replaces {@code target} with {@code text} (UTF-8) atomically, mode 0600. */
    public static void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), PRIVATE);
    }

    /** Replaces {@code target} with {@code bytes} atomically, with {@code permissions}. */
    public static void write(Path target, byte[] bytes, Set<PosixFilePermission> permissions) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(permissions);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", mode);
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically (" + e.getMessage() + ")", e);
            }
            syncDirectory(directory);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Deletes {@code target} if it exists and makes the deletion durable. */
    public static void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            syncDirectory(target.toAbsolutePath().getParent());
        }
    }

    /** The file's content, or null when there is none. */
    public static String readOrNull(Path target) throws IOException {
        return Files.exists(target) ? Files.readString(target, StandardCharsets.UTF_8) : null;
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
