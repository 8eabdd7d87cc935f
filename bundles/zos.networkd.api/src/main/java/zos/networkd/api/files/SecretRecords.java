package zos.networkd.api.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory of state files that hold secrets, one per key ({@code <directory>/<key><suffix>}):
 * mode 0600 in a 0700 directory, each replaced atomically ({@link AtomicFiles}). Failures name the
 * file, never its content.
 */
public final class SecretRecords {
    /** One file's text, or (text null) a file that could not be read. */
    public record Entry(Path file, String text) {
    }

    private final Path directory;
    private final String suffix;
    private final String what;

    /**
     * @param suffix how every record's file name ends, e.g. {@code .json}
     * @param what what a record is, for messages: {@code "state of WireGuard device"}
     */
    public SecretRecords(Path directory, String suffix, String what) {
        this.suffix = suffix;
        this.what = what;
        try {
            this.directory = AtomicFiles.privateDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the directory for the " + what + " " + directory, e);
        }
    }

    public Path directory() {
        return directory;
    }

    public Path fileOf(String key) {
        return directory.resolve(key + suffix);
    }

    public void write(String key, String text) {
        try {
            AtomicFiles.write(fileOf(key), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " '" + key + "'", e);
        }
    }

    public void delete(String key) {
        try {
            AtomicFiles.delete(fileOf(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the " + what + " '" + key + "'", e);
        }
    }

    /** Every record's file (not the temporary files of a write in progress), with its text. */
    public List<Entry> readAll() {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + suffix)) {
            for (Path file : files) {
                if (file.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try {
                    entries.add(new Entry(file, Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    entries.add(new Entry(file, null));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return entries;
    }
}
