package zos.networkd.testlab;

import java.time.Duration;
import java.util.List;

/** A command run by the lab could not be started, exited non-zero, or did not finish in time. */
public final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@link #exitCode()} when the process could not be started or was killed on timeout. */
    public static final int NO_EXIT_CODE = -1;

    private final List<String> argv;
    private final int exitCode;
    private final String stderr;

    CommandFailedException(List<String> argv, int exitCode, String stderr) {
        super("command failed (exit " + exitCode + "): " + String.join(" ", argv)
                + (stderr.isBlank() ? "" : "\nstderr: " + stderr.strip()));
        this.argv = List.copyOf(argv);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    CommandFailedException(List<String> argv, Duration timeout, String stderr) {
        super("command timed out after " + timeout.toMillis() + " ms and was killed: " + String.join(" ", argv)
                + (stderr.isBlank() ? "" : "\nstderr so far: " + stderr.strip()));
        this.argv = List.copyOf(argv);
        this.exitCode = NO_EXIT_CODE;
        this.stderr = stderr;
    }

    CommandFailedException(List<String> argv, Throwable cause) {
        super("command could not be started: " + String.join(" ", argv) + ": " + cause.getMessage(), cause);
        this.argv = List.copyOf(argv);
        this.exitCode = NO_EXIT_CODE;
        this.stderr = "";
    }

    public List<String> argv() {
        return argv;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }
}
