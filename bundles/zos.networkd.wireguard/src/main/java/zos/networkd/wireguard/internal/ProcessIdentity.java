package zos.networkd.wireguard.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process by PID and start time: a PID alone may have been reused by an unrelated process after
 * ours died; the pair never is. Read from {@code /proc}, so it works for processes a previous
 * instance of the bundle (or of the JVM) started.
 */
record ProcessIdentity(long pid, long startTime) {

    /** The identity of a running process, empty when there is none (or only a zombie). */
    static Optional<ProcessIdentity> of(long pid) {
        String stat = stat(pid);
        if (stat == null) {
            return Optional.empty();
        }
        // "pid (comm) state ppid ..." — comm may hold spaces and ')': fields count from the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        char state = fields[0].charAt(0);
        if (state == 'Z' || state == 'X') {
            return Optional.empty();
        }
        // field 22 (starttime) is the 20th after the comm
        return Optional.of(new ProcessIdentity(pid, Long.parseLong(fields[19])));
    }

    private static String stat(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether this very process still runs. */
    boolean isAlive() {
        return of(pid).map(this::equals).orElse(false);
    }

    /** The process's command name ({@code /proc/PID/comm}), empty when it is gone. */
    Optional<String> command() {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Optional<ProcessHandle> handle() {
        return isAlive() ? ProcessHandle.of(pid) : Optional.empty();
    }
}
