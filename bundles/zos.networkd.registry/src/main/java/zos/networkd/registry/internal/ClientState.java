package zos.networkd.registry.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import zos.grid.api.json.GridJson;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.files.AtomicFiles;

/**
 * What the client must not lose, in files it owns: the workload cursor (the next one to ask from)
 * and the results the registry has not confirmed yet, one file each. Every write is atomic and
 * durable before the call returns.
 */
final class ClientState {
    private static final Pattern RESULT_FILE = Pattern.compile("result-(\\d+)\\.json");

    /** A result waiting for the registry. */
    record Pending(long cursor, WorkloadResult result) {
    }

    private final Path directory;
    private final Path cursorFile;

    ClientState(Path directory) throws IOException {
        this.directory = AtomicFiles.privateDirectory(directory);
        this.cursorFile = directory.resolve("cursor");
    }

    synchronized long cursor() throws IOException {
        if (!Files.exists(cursorFile)) {
            return 0;
        }
        String text = Files.readString(cursorFile, StandardCharsets.UTF_8).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("corrupt workload cursor in " + cursorFile + ": '" + text + "'");
        }
    }

    synchronized void saveCursor(long cursor) throws IOException {
        AtomicFiles.write(cursorFile, Long.toString(cursor));
    }

    /** Queues the result of workload {@code cursor} (replacing an earlier one for it). */
    synchronized void queue(long cursor, WorkloadResult result) throws IOException {
        AtomicFiles.write(directory.resolve("result-" + cursor + ".json"), GridJson.toText(GridJson.toJson(result)));
    }

    synchronized List<Pending> pending() throws IOException {
        List<Pending> pending = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = RESULT_FILE.matcher(file.getFileName().toString());
                if (m.matches()) {
                    pending.add(new Pending(Long.parseLong(m.group(1)),
                            GridJson.workloadResult(GridJson.parse(Files.readString(file, StandardCharsets.UTF_8)))));
                }
            }
        }
        pending.sort((a, b) -> Long.compare(a.cursor(), b.cursor()));
        return pending;
    }

    synchronized int pendingCount() {
        try (Stream<Path> files = Files.list(directory)) {
            return (int) files.filter(f -> RESULT_FILE.matcher(f.getFileName().toString()).matches()).count();
        } catch (IOException e) {
            return -1;
        }
    }

    synchronized void delivered(long cursor) throws IOException {
        // durable: a result delivered just before a crash must not come back and go out again
        AtomicFiles.delete(directory.resolve("result-" + cursor + ".json"));
    }
}
