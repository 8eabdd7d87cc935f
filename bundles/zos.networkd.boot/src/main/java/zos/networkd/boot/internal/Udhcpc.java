package zos.networkd.boot.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import zos.networkd.api.boot.Lease;
import zos.networkd.api.host.NetworkNamespace;

/**
 * busybox {@code udhcpc}, started inside a namespace (from the namespace's own thread, so that the
 * process and its raw sockets live there) with our hook script, which only reports. We apply what
 * it reports through netlink.
 */
final class Udhcpc {
    private final Path executable;
    private final Path hook;

    /** Installs the hook script in {@code hookDirectory}. */
    Udhcpc(Path executable, Path hookDirectory) throws IOException {
        if (!Files.isExecutable(executable)) {
            throw new IOException("udhcpc not found at " + executable + " (install busybox/udhcpc)");
        }
        this.executable = executable;
        Files.createDirectories(hookDirectory);
        this.hook = hookDirectory.resolve("udhcpc-hook.sh");
        Path temporary = hookDirectory.resolve("udhcpc-hook.sh.tmp");
        Files.writeString(temporary, DhcpEvent.HOOK_SCRIPT, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(temporary, hook, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Arguments of a client that asks once, up to {@code tries} DISCOVERs a second apart, and exits. */
    List<String> oneShot(String nic, int tries) {
        return List.of(executable.toString(), "-f", "-n", "-q", "-i", nic, "-s", hook.toString(), "-t",
                Integer.toString(tries), "-T", "1");
    }

    /** Arguments of the client that keeps a lease for the life of the node (never releases it on exit). */
    List<String> keeper(String nic, String requestedAddress) {
        List<String> argv = new ArrayList<>(List.of(executable.toString(), "-f", "-i", nic, "-s", hook.toString(),
                "-t", "4", "-T", "2", "-A", "3"));
        if (requestedAddress != null) {
            argv.add("-r");
            argv.add(requestedAddress);
        }
        return argv;
    }

    /** Starts the client inside {@code namespace}; stdout and stderr merged. */
    static Process start(NetworkNamespace namespace, List<String> argv) throws Exception {
        return namespace.call(() -> new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start());
    }

    /**
     * Asks for a lease on {@code nic} in {@code namespace} and returns it, or empty when no server
     * answered within {@code timeout}. The process is always gone when this returns.
     */
    Optional<Lease> probe(NetworkNamespace namespace, String nic, Duration timeout) throws Exception {
        int tries = (int) Math.max(1, timeout.toSeconds());
        Process process = start(namespace, oneShot(nic, tries));
        try {
            Lease lease = null;
            long deadline = System.nanoTime() + timeout.plusSeconds(2).toNanos();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    DhcpEvent event = DhcpEvent.parse(line);
                    if (event != null && event.grantsLease()) {
                        lease = event.lease(Instant.now());
                    }
                    if (System.nanoTime() > deadline) {
                        break;
                    }
                }
            }
            process.waitFor(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            return Optional.ofNullable(lease);
        } finally {
            stop(process);
        }
    }

    /** SIGTERM (udhcpc then exits without releasing its lease), then SIGKILL after a grace period. */
    static void stop(Process process) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        }
    }
}
