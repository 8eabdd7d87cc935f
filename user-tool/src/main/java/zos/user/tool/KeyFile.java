package zos.user.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

import zos.grid.api.crypto.SigningKey;
import zos.networkd.api.files.AtomicFiles;

/**
 * The user's ed25519 key in a file only its owner can read (0600): the base64 seed on one line.
 * Never printed; the tool shows the public id only.
 */
final class KeyFile {
    private static final Set<PosixFilePermission> PRIVATE = AtomicFiles.PRIVATE;

    private KeyFile() {
    }

    static Path defaultPath() {
        String configured = System.getenv("ZOS_USER_KEY");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".config", "zos", "user.key");
    }

    /** Makes a new key; refuses to replace one (a lost key is a lost identity). */
    static SigningKey create(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file + " exists: a key is not replaced (remove it yourself if you mean it)");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            AtomicFiles.privateDirectory(parent); // a directory the user already has keeps its mode
        }
        SigningKey key = SigningKey.generate();
        // atomic and fsynced, 0600 from the start: a crash leaves no half-written (then unreplaceable) key
        AtomicFiles.write(file, Base64.getEncoder().encodeToString(key.seed()) + "\n");
        return key;
    }

    static SigningKey read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("no key at " + file + " (make one with: zos-user key new)");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!PRIVATE.containsAll(permissions)) {
            throw new IOException(file + " can be read by others (" + PosixFilePermissions.toString(permissions)
                    + "): chmod 600 it first");
        }
        byte[] seed;
        try {
            seed = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a key (expected one base64 line)");
        }
        if (seed.length != SigningKey.SEED_LENGTH) {
            throw new IOException(file + " does not hold a key (" + seed.length + " bytes, expected " + SigningKey.SEED_LENGTH + ")");
        }
        return SigningKey.fromSeed(seed);
    }
}
