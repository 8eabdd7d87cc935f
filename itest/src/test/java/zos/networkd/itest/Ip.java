package zos.networkd.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2's {@code ip} in this process's network namespace — the lab namespace, checked
 * before every call — to make the links the tests observe networkd discover.
 */
final class Ip {
    private static final String IP = locate();

    private Ip() {
    }

    static String run(String... arguments) {
        LabNamespace.requireLabNamespace();
        List<String> command = new ArrayList<>();
        command.add(IP);
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** A veth pair; deleting either end later deletes both. */
    static void addVeth(String name, String peer) {
        run("link", "add", name, "type", "veth", "peer", "name", peer);
    }

    static void deleteLinkQuietly(String name) {
        try {
            run("link", "del", name);
        } catch (IllegalStateException ignored) {
            // already gone (its peer was deleted)
        }
    }

    /** The link-layer address as the kernel reports it over netlink ({@code /sys} may be another namespace's). */
    static String mac(String name) {
        String output = run("-o", "link", "show", "dev", name);
        int at = output.indexOf("link/ether ");
        if (at < 0) {
            throw new IllegalStateException("no MAC in: " + output);
        }
        return output.substring(at + "link/ether ".length()).split("\\s+")[0];
    }

    private static String locate() {
        for (String candidate : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "ip";
    }
}
