package zos.networkd.testlab;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command without a shell and collects its output. */
final class Commands {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final File NO_INPUT = new File("/dev/null");

    private Commands() {
    }

    static String run(List<String> argv) {
        return run(argv, DEFAULT_TIMEOUT);
    }

    /** Returns stdout; throws {@link CommandFailedException} on a non-zero exit or a timeout. */
    static String run(List<String> argv, Duration timeout) {
        Process process;
        try {
            // stdin from /dev/null: under surefire stdin is the fork channel, never hand it to a child
            process = new ProcessBuilder(argv).redirectInput(NO_INPUT).start();
        } catch (IOException e) {
            throw new CommandFailedException(argv, e);
        }
        // both streams drained concurrently so a chatty stderr cannot block the child
        StreamCollector stdout = new StreamCollector(process.getInputStream(), argv);
        StreamCollector stderr = new StreamCollector(process.getErrorStream(), argv);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new CommandFailedException(argv, timeout, stderr.text(Duration.ofSeconds(1)));
            }
            String out = stdout.text(timeout);
            String err = stderr.text(timeout);
            if (process.exitValue() != 0) {
                throw new CommandFailedException(argv, process.exitValue(), err);
            }
            return out;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailedException(argv, e);
        }
    }

    private static final class StreamCollector {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread reader;

        StreamCollector(InputStream in, List<String> argv) {
            reader = new Thread(() -> {
                try (in) {
                    in.transferTo(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "testlab-output-" + argv.get(0));
            reader.setDaemon(true);
            reader.start();
        }

        /** What was read; waits at most {@code wait} for the stream to end (a grandchild may keep it open). */
        String text(Duration wait) throws InterruptedException {
            reader.join(wait.toMillis());
            return bytes.toString(StandardCharsets.UTF_8); // ByteArrayOutputStream is synchronized
        }
    }
}
