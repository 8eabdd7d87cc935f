package zos.networkd.identity.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secret key files: one base64 line after a comment, mode 0600 from the moment they exist (created
 * with that mode, written to a temporary file, fsynced, renamed into place, directory fsynced), in a
 * directory of mode 0700. An existing file is never replaced: a node must not change identity because
 * a file got damaged.
 */
final class SecretFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {
    }

    /** Creates the directory (mode 0700) if needed; tightens an existing one that others can enter. */
    static void prepareDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory.getParent());
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile: checked below like any existing one
            }
        }
        tighten(directory, OWNER_ONLY_DIRECTORY);
    }

    /** The bytes in {@code file}, or null when there is no such file. */
    static byte[] read(Path file, int length, String what) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        tighten(file, OWNER_ONLY);
        String line = Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElse("");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            throw new IOException(what + " file " + file + " is damaged: its key line is not base64 (left as it is; "
                    + "restore it from a backup, or remove it to give the node a new identity)");
        }
        if (bytes.length != length) {
            Arrays.fill(bytes, (byte) 0);
            throw new IOException(what + " file " + file + " is damaged: " + length + " bytes expected (left as it is; "
                    + "restore it from a backup, or remove it to give the node a new identity)");
        }
        return bytes;
    }

    /** Writes a new secret file; fails if one appeared meanwhile (never replaces a key). */
    static void create(Path file, byte[] secret, String comment) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        byte[] text = ("# " + comment + "\n" + Base64.getEncoder().encodeToString(secret) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(temporary, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            ByteBuffer buffer = ByteBuffer.wrap(text);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
        if (Files.exists(file)) {
            Files.delete(temporary);
            throw new FileAlreadyExistsException(file.toString(), null, "a key file appeared while creating it; not replaced");
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.delete(temporary);
            throw e;
        }
        fsyncDirectory(file.getParent());
    }

    private static void tighten(Path path, Set<PosixFilePermission> wanted) throws IOException {
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path);
        if (current.stream().anyMatch(OTHERS::contains)) {
            LOG.warn("{} was accessible to others ({}); now {}", path, PosixFilePermissions.toString(current),
                    PosixFilePermissions.toString(wanted));
            Files.setPosixFilePermissions(path, wanted);
        }
    }

    private static void fsyncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is done either way
            LOG.debug("cannot fsync {}: {}", directory, e.toString());
        }
    }
}
