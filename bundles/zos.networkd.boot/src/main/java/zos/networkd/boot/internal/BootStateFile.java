package zos.networkd.boot.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What boot must remember across a bundle update or a restart (the kernel remembers the rest): the
 * uplink NIC and why it was chosen. Written atomically (temporary file, fsync, rename).
 */
final class BootStateFile {
    private final Path file;

    BootStateFile(Path file) {
        this.file = file;
    }

    record Saved(String uplinkNic, String choice) {
    }

    void save(String uplinkNic, String choice) throws IOException {
        Properties p = new Properties();
        p.setProperty("uplinkNic", uplinkNic);
        p.setProperty("choice", choice);
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            p.store(out, "zos networkd boot state");
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Optional<Saved> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String nic = p.getProperty("uplinkNic");
        return nic == null ? Optional.empty() : Optional.of(new Saved(nic, p.getProperty("choice", "")));
    }
}
