package zos.networkd.testlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code lab/zlab} of a checkout, run as a lab of its own name ({@code ZLAB_NAME}: namespaces
 * {@code zlab-<name>-…}, state in a directory of the caller's), so that a test or a benchmark never
 * meets the lab a developer has up. The caller runs {@code down} at the end.
 */
public final class Zlab {
    /** How a command ended: its exit code (-1: stopped after its timeout) and its output (stdout and stderr). */
    public record Result(int exit, String output) {
    }

    private final Path script;
    private final String name;
    private final Path runDirectory;
    private final Path distribution;

    /**
     * @param repository the checkout (holds {@code lab/zlab})
     * @param name 1-8 lower-case letters or digits
     * @param runDirectory the lab's state and Karafs
     * @param distribution the distribution archive the nodes run
     */
    public Zlab(Path repository, String name, Path runDirectory, Path distribution) {
        if (!name.matches("[a-z0-9]{1,8}")) {
            throw new IllegalArgumentException("lab name '" + name + "': 1-8 lower-case letters or digits");
        }
        this.script = repository.resolve("lab/zlab").toAbsolutePath();
        this.name = name;
        this.runDirectory = runDirectory.toAbsolutePath();
        this.distribution = distribution.toAbsolutePath();
    }

    /** A fresh name: the prefix and random hex digits, 8 characters in all. */
    public static String randomName(String prefix) {
        String hex = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        return prefix + hex.substring(0, 8 - prefix.length());
    }

    public String name() {
        return name;
    }

    /** What every namespace of this lab starts with. */
    public String namespacePrefix() {
        return "zlab-" + name + "-";
    }

    /** The namespace of the lab's workload on a node ({@code node2}). */
    public String workloadNamespace(String node) {
        return namespacePrefix() + "n" + node.substring("node".length()) + "-wl";
    }

    /** {@code lab/zlab args…}. */
    public Result zlab(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        return run(timeout, command.toArray(String[]::new));
    }

    /** {@code lab/zlab args…}, which must succeed. */
    public Result zlabOk(Duration timeout, String... args) throws IOException, InterruptedException {
        Result result = zlab(timeout, args);
        if (result.exit() != 0) {
            List<String> argv = new ArrayList<>(List.of(script.toString()));
            argv.addAll(List.of(args));
            throw new CommandFailedException(argv, result.exit(), result.output());
        }
        return result;
    }

    /** One Karaf shell command on a node ({@code node1}) or the registry; must succeed. */
    public String exec(String karaf, String shellCommand) throws IOException, InterruptedException {
        return zlabOk(Duration.ofMinutes(2), "exec", karaf, shellCommand).output();
    }

    /** Any command, with this lab's environment. */
    public Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ZLAB_NAME", name);
        builder.environment().put("ZLAB_RUN", runDirectory.toString());
        builder.environment().put("ZLAB_DIST", distribution.toString());
        Files.createDirectories(runDirectory.getParent());
        Path log = Files.createTempFile(runDirectory.getParent(), "zlab-", ".log");
        try {
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
                return new Result(-1, String.join(" ", command) + ": no end within " + timeout + "\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * The rows of a Karaf {@code ShellTable} (header, a line of dashes, rows with '|' between
     * cells), by column name.
     */
    public static List<Map<String, String>> table(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.size() < 2) {
            return rows;
        }
        List<String> header = cells(lines.get(0));
        for (String line : lines.subList(2, lines.size())) {
            List<String> cells = cells(line);
            if (cells.size() == header.size()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), cells.get(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String cell : line.split("\\|", -1)) {
            out.add(cell.trim());
        }
        return out;
    }
}
