package zos.networkd.testlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A process a {@link Lab} started inside one of its namespaces. */
public final class LabProcess {
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final String namespace;
    private final List<String> argv;
    private final Path log;
    private final Process process;

    LabProcess(String namespace, List<String> argv, Path log, Process process) {
        this.namespace = namespace;
        this.argv = List.copyOf(argv);
        this.log = log;
        this.process = process;
    }

    /** The PID of the command itself (nsenter execs it, it does not fork). */
    public long pid() {
        return process.pid();
    }

    public String namespace() {
        return namespace;
    }

    public List<String> argv() {
        return argv;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the process: TERM, up to 10 s for it to exit, then KILL. Returns the exit code. */
    public int stop() {
        return stop(DEFAULT_GRACE);
    }

    /**
     * Stops the process: TERM, up to {@code grace} for it to exit, then KILL. Children it left
     * behind are stopped the same way. Only PIDs of this process tree are signalled; the
     * {@link ProcessHandle}s guard against PID reuse. Idempotent.
     */
    public int stop(Duration grace) {
        // collected first: once the parent exits, its children are reparented and out of reach
        List<ProcessHandle> children = process.descendants().toList();
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    if (!process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new IllegalStateException(this + " survived SIGKILL for " + KILL_WAIT);
                    }
                }
            }
            for (ProcessHandle child : children) {
                terminate(child, grace);
            }
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + this, e);
        }
    }

    @Override
    public String toString() {
        return "LabProcess[pid " + pid() + " in " + namespace + ": " + String.join(" ", argv) + "]";
    }

    private static void terminate(ProcessHandle child, Duration grace) throws InterruptedException {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        if (!awaitExit(child, grace)) {
            child.destroyForcibly();
            if (!awaitExit(child, KILL_WAIT)) {
                throw new IllegalStateException("process " + child.pid() + " survived SIGKILL for " + KILL_WAIT);
            }
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!exited(handle)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Gone, or a zombie: an orphan is reaped by init, which may take its time (seconds here). */
    private static boolean exited(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2); // "pid (comm) S ..."; comm may hold ')'
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return !handle.isAlive();
        }
    }
}
