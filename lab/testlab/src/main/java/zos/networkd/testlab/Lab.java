package zos.networkd.testlab;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A lab session: network namespaces named {@code zlab-<purpose>-<4 hex>-<short>}, veth pairs between
 * them and processes inside them, all removed again by {@link #close()} — also when the JVM is
 * interrupted, through a shutdown hook. The lab removes only what it recorded as created by itself.
 *
 * <p>Nothing here touches the namespace the JVM runs in: every change names a namespace of this lab.
 */
public final class Lab implements AutoCloseable {
    /** Every namespace a lab creates starts with this. */
    public static final String NAME_PREFIX = "zlab-";

    static final Path NETNS_DIR = Path.of("/run/netns");
    private static final int MAX_NAMESPACE_NAME = 30;
    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9]{0,9}");
    private static final Pattern SHORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}"); // IFNAMSIZ 16
    /** Words that make an {@code ip} command a change; refused when no namespace is named. */
    private static final Set<String> CHANGING_WORDS = Set.of("add", "del", "delete", "set", "change", "replace",
            "flush", "append", "prepend", "exec", "attach", "detach", "restore", "save", "update", "identify");
    private static final File NO_INPUT = new File("/dev/null");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(Lab.class.getName());

    private final String prefix;
    private final Thread shutdownHook;
    // guarded by this; kept in creation order, cleaned up in reverse
    private final List<String> namespaces = new ArrayList<>();
    private final List<LabProcess> processes = new ArrayList<>();
    private boolean closed;

    private Lab(String prefix) {
        this.prefix = prefix;
        this.shutdownHook = new Thread(this::closeFromShutdownHook, "testlab-cleanup-" + prefix);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Opens a lab with a fresh prefix {@code zlab-<purpose>-<4 hex>} that no existing namespace uses.
     *
     * @param purpose 1–10 lowercase letters or digits, starting with a letter, e.g. {@code "netlink"}
     */
    public static Lab open(String purpose) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("lab purpose must match " + PURPOSE + ": " + purpose);
        }
        requireRoot();
        for (int attempt = 0; attempt < 100; attempt++) {
            String prefix = NAME_PREFIX + purpose + "-" + String.format("%04x", RANDOM.nextInt(0x10000));
            if (existingNamespaces().stream().noneMatch(name -> belongsTo(name, prefix))) {
                return new Lab(prefix);
            }
        }
        throw new IllegalStateException("no free lab prefix for " + purpose + ": too many zlab- namespaces exist");
    }

    /** {@code zlab-<purpose>-<4 hex>}; every namespace of this lab is {@code <prefix>-<short name>}. */
    public String prefix() {
        return prefix;
    }

    /** The full name a namespace of this lab called {@code shortName} has, without creating it. */
    public String name(String shortName) {
        if (shortName == null || !SHORT_NAME.matcher(shortName).matches()) {
            throw new IllegalArgumentException("short namespace name must match " + SHORT_NAME + ": " + shortName);
        }
        String name = prefix + "-" + shortName;
        if (name.length() > MAX_NAMESPACE_NAME) {
            throw new IllegalArgumentException("namespace name " + name + " is longer than " + MAX_NAMESPACE_NAME);
        }
        return name;
    }

    /** Creates namespace {@code <prefix>-<shortName>} with {@code lo} up and returns its full name. */
    public synchronized String namespace(String shortName) {
        requireOpen();
        String name = name(shortName);
        Commands.run(List.of("ip", "netns", "add", name));
        namespaces.add(name); // recorded only once it is certainly ours: "add" fails if it existed
        Commands.run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
        return name;
    }

    /**
     * Takes over a namespace of this lab that the code under test created (by a name from
     * {@link #name(String)}), so that {@link #close()} deletes it too.
     */
    public synchronized void adopt(String fullName) {
        requireOpen();
        requireLabNamespace(fullName);
        if (!Files.exists(NETNS_DIR.resolve(fullName))) {
            throw new IllegalArgumentException("no namespace " + fullName + " to adopt");
        }
        if (!namespaces.contains(fullName)) {
            namespaces.add(fullName);
        }
    }

    /** Deletes a namespace this lab created or adopted, before the lab closes. */
    public synchronized void deleteNamespace(String fullName) {
        if (!namespaces.contains(fullName)) {
            throw new IllegalArgumentException(fullName + " was not created by this lab: " + namespaces);
        }
        deleteIfPresent(fullName);
        namespaces.remove(fullName);
    }

    /** The namespaces this lab created or adopted and has not deleted yet, oldest first. */
    public synchronized List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    /** Creates a veth pair: {@code ifA} in {@code nsA}, its peer {@code ifB} in {@code nsB}; both stay down. */
    public void veth(String nsA, String ifA, String nsB, String ifB) {
        requireLabNamespace(nsA);
        requireLabNamespace(nsB);
        requireIfName(ifA);
        requireIfName(ifB);
        Commands.run(List.of("ip", "-n", nsA, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", nsB));
    }

    /**
     * Runs a command (no shell) where the JVM runs and returns its stdout.
     *
     * @throws CommandFailedException naming argv, exit code and stderr, on failure or after 30 s
     */
    public String run(String... argv) {
        return Commands.run(List.of(argv));
    }

    /** Runs a command inside a namespace of this lab and returns its stdout. */
    public String runIn(String ns, String... argv) {
        requireLabNamespace(ns);
        return Commands.run(inNamespace(ns, List.of(argv)));
    }

    /**
     * The independent observer: runs {@code ip -j -n <ns> <args…>} and parses its JSON.
     * With {@code ns == null} it looks at the JVM's own namespace, for reading only.
     */
    public JsonArray ipJson(String ns, String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-j"));
        if (ns != null) {
            argv.addAll(List.of("-n", ns));
        } else {
            Arrays.stream(args).filter(CHANGING_WORDS::contains).findFirst().ifPresent(word -> {
                throw new IllegalArgumentException("ipJson without a namespace is for reading only, not '"
                        + word + "': " + String.join(" ", args));
            });
        }
        argv.addAll(List.of(args));
        return parseJsonArray(argv, Commands.run(argv));
    }

    /**
     * Starts a long-running process inside a namespace of this lab, stdout and stderr appended to {@code log}.
     * {@link #close()} stops it if the test did not.
     */
    public synchronized LabProcess start(String ns, List<String> argv, Path log) {
        requireOpen();
        requireLabNamespace(ns);
        List<String> command = inNamespace(ns, argv);
        try {
            Path parent = log.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Process process = new ProcessBuilder(command)
                    .redirectInput(NO_INPUT)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            LabProcess started = new LabProcess(ns, argv, log, process);
            processes.add(started);
            return started;
        } catch (IOException e) {
            throw new CommandFailedException(command, e);
        }
    }

    /**
     * Stops every process this lab started, then deletes every namespace it created, newest first.
     * Tries everything even when a step fails, then throws the first failure (others suppressed).
     * Safe to call again: it retries only what is left.
     */
    @Override
    public void close() {
        List<LabProcess> processesToStop;
        List<String> namespacesToDelete;
        synchronized (this) {
            closed = true;
            processesToStop = new ArrayList<>(processes);
            namespacesToDelete = new ArrayList<>(namespaces);
        }
        Collections.reverse(processesToStop);
        Collections.reverse(namespacesToDelete);
        RuntimeException failure = null;
        for (LabProcess process : processesToStop) {
            try {
                process.stop();
                synchronized (this) {
                    processes.remove(process);
                }
            } catch (RuntimeException e) {
                failure = chain(failure, e);
            }
        }
        for (String ns : namespacesToDelete) {
            try {
                deleteIfPresent(ns);
                synchronized (this) {
                    namespaces.remove(ns);
                }
            } catch (RuntimeException e) {
                failure = chain(failure, e);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // close() runs from the hook itself
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Lab[" + prefix + "]";
    }

    /** Names of all named network namespaces ({@code ip netns list}), sorted. */
    static List<String> existingNamespaces() {
        if (!Files.isDirectory(NETNS_DIR)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(NETNS_DIR)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code namespace} carries the lab prefix {@code prefix}. */
    static boolean belongsTo(String namespace, String prefix) {
        return namespace.equals(prefix) || namespace.startsWith(prefix + "-");
    }

    private static JsonArray parseJsonArray(List<String> argv, String output) {
        if (output.isBlank()) {
            return new JsonArray(); // some ip versions print nothing instead of []
        }
        try {
            JsonElement parsed = JsonParser.parseString(output);
            if (parsed.isJsonArray()) {
                return parsed.getAsJsonArray();
            }
        } catch (JsonParseException e) {
            throw new IllegalStateException(String.join(" ", argv) + " printed no valid JSON: " + output, e);
        }
        throw new IllegalStateException(String.join(" ", argv) + " printed no JSON array: " + output);
    }

    private static List<String> inNamespace(String ns, List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        // nsenter enters only the network namespace; "ip netns exec" would also unshare the mount
        // namespace, hiding the namespaces a child creates from the host's "ip netns"
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + NETNS_DIR.resolve(ns), "--"));
        command.addAll(argv);
        return command;
    }

    private static void deleteIfPresent(String ns) {
        if (Files.exists(NETNS_DIR.resolve(ns))) {
            Commands.run(List.of("ip", "netns", "del", ns));
        }
    }

    private static RuntimeException chain(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static void requireRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                throw new IllegalStateException("the lab creates network namespaces and needs root (uid " + uid + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private void requireLabNamespace(String ns) {
        if (ns == null || !ns.startsWith(prefix + "-")) {
            throw new IllegalArgumentException("not a namespace of " + this + ": " + ns);
        }
    }

    private static void requireIfName(String ifName) {
        if (ifName == null || !IFNAME.matcher(ifName).matches()) {
            throw new IllegalArgumentException("not a valid interface name (max 15 chars): " + ifName);
        }
    }

    private void closeFromShutdownHook() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cleaning up " + this + " at JVM exit failed", e);
        }
    }
}
