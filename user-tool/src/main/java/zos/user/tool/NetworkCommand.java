package zos.user.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import zos.grid.api.crypto.KeyId;
import zos.networkd.api.files.AtomicFiles;
import zos.user.tool.network.AccessPeer;
import zos.user.tool.network.NetworkException;
import zos.user.tool.network.NetworkOps;
import zos.user.tool.network.NetworkState;
import zos.user.tool.network.NetworkStateStore;
import zos.user.tool.network.NodeState;

/**
 * {@code zos-user network ...}: parses the words, runs {@link NetworkOps}, prints. Progress goes to
 * standard error, results (tables, the wg-quick text) to standard output.
 */
final class NetworkCommand {
    static final String USAGE = """
            zos-user network <command> [options]   (every command answers --help)
              create <name> --range CIDR --nodes ID,ID,... [--user-keys] [--node-ports]
              add-node <name> <node-id>
              remove-node <name> <node-id>
              delete <name>
              show <name>
              access <name> [--via NODE-ID] [--out FILE]
            options of every network command:
              --timeout SECONDS   how long to wait for the nodes' results (default 120)
              --state DIR         where networks are recorded (default: $ZOS_USER_STATE or ~/.config/zos/networks)
            """;
    private static final Map<String, String> HELP = Map.of(
            "create", """
                    zos-user network create <name> --range CIDR --nodes ID,ID,... [--user-keys] [--node-ports] [--timeout S]
                      Creates a network over the nodes. The range is IPv4 /8 to /24 (e.g. 10.20.0.0/16); each node gets
                      a /24 of it in order, from the second one on (x.y.1.0/24 for a /16). By default each node generates
                      its WireGuard key; --user-keys makes the keys here and seals each to its node. By default a listen
                      port of 51820-51999 the node has not published as used is picked (another one if the node refuses
                      it as taken); --node-ports lets each node choose. Sends version 1, waits for every node, then sends
                      the peers (version 2) and waits again. On failure, deletes what it sent.
                    """,
            "add-node", """
                    zos-user network add-node <name> <node-id> [--timeout S]
                      Gives the node the next free /24, deploys the network there, then updates every node's peers.
                    """,
            "remove-node", """
                    zos-user network remove-node <name> <node-id> [--timeout S]
                      Deletes the network on the node, then takes it out of the other nodes' peers.
                    """,
            "delete", """
                    zos-user network delete <name> [--timeout S]
                      Deletes the network on every node, waits for each, then forgets it.
                    """,
            "show", """
                    zos-user network show <name>
                      Per node: subnet, state, listen port, endpoint, WireGuard public key, version, last message;
                      then the access peers. Reads results that arrived since the last command.
                    """,
            "access", """
                    zos-user network access <name> [--via NODE-ID] [--out FILE] [--timeout S]
                      Adds an external peer (a laptop): a key pair made here, a /24 of the range, a peer of the public
                      node --via (default: the first public one), routed through it by the others. Prints the laptop's
                      wg-quick configuration, or writes it to FILE (mode 0600); its private key is kept nowhere else.
                    """);

    private final PrintStream out;
    private final PrintStream err;

    NetworkCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code network <words>}; the exit code as {@link ZosUser#run} defines it. */
    int run(List<String> words, String registryUrl, Path keyFile) throws IOException, Registry.Failure {
        if (words.isEmpty() || words.get(0).equals("--help")) {
            out.print(USAGE);
            return words.isEmpty() ? 2 : 0;
        }
        String command = words.get(0);
        if (!HELP.containsKey(command)) {
            return usage("unknown network command '" + command + "'");
        }
        Options options;
        try {
            options = Options.parse(words.subList(1, words.size()));
        } catch (IllegalArgumentException e) {
            return usage("network " + command + ": " + e.getMessage());
        }
        if (options.help) {
            out.print(HELP.get(command));
            return 0;
        }
        int wanted = command.endsWith("-node") ? 2 : 1;
        if (options.positional.size() != wanted) {
            return usage("network " + command + " needs " + (wanted == 2 ? "a network name and a node id" : "a network name")
                    + ", got " + options.positional);
        }
        String name = options.positional.get(0);
        NetworkStateStore store = new NetworkStateStore(options.state == null ? NetworkStateStore.defaultDirectory() : options.state);
        if (command.equals("show")) {
            // show reads the registry only for pending results: it needs neither key nor (if all is settled) registry
            return show(store, name, registryUrl, keyFile);
        }
        if (registryUrl == null || registryUrl.isBlank()) {
            throw new IllegalArgumentException("no registry: give --registry URL or set ZOS_REGISTRY");
        }
        NetworkOps ops = new NetworkOps(URI.create(registryUrl), KeyFile.read(keyFile), store, options.timeout, err::println);
        try {
            switch (command) {
                case "create" -> {
                    if (options.range == null || options.nodes.isEmpty()) {
                        return usage("network create needs --range CIDR and --nodes ID,ID,...");
                    }
                    NetworkOps.Outcome outcome = ops.create(name, options.range, options.nodes, options.userKeys, options.nodePorts);
                    printTable(outcome.state());
                    timing(outcome);
                }
                case "add-node" -> {
                    NetworkOps.Outcome outcome = ops.addNode(name, node(options.positional.get(1)));
                    printTable(outcome.state());
                    timing(outcome);
                }
                case "remove-node" -> {
                    NetworkOps.Outcome outcome = ops.removeNode(name, node(options.positional.get(1)));
                    printTable(outcome.state());
                    timing(outcome);
                }
                case "delete" -> timing(ops.delete(name));
                case "access" -> {
                    NetworkOps.AccessGrant grant = ops.access(name, options.via == null ? null : node(options.via));
                    if (options.out == null) {
                        out.print(grant.wgQuickConfig());
                    } else {
                        writePrivate(options.out, grant.wgQuickConfig());
                        err.println("wg-quick configuration of " + grant.peer().name() + " written to " + options.out + " (mode 0600)");
                    }
                    timing(grant.outcome());
                }
                default -> throw new IllegalStateException(command);
            }
            return 0;
        } catch (NetworkException e) {
            err.println("zos-user: " + e.getMessage());
            return 1;
        }
    }

    private int show(NetworkStateStore store, String name, String registryUrl, Path keyFile) throws IOException {
        NetworkState state = store.require(name);
        boolean pending = state.nodes().stream()
                .anyMatch(n -> n.status() == NodeState.Status.PENDING || n.status() == NodeState.Status.DELETING);
        if (pending && registryUrl != null && !registryUrl.isBlank()) {
            try {
                state = new NetworkOps(URI.create(registryUrl), KeyFile.read(keyFile), store, NetworkOps.DEFAULT_TIMEOUT,
                        err::println).show(name);
            } catch (NetworkException e) {
                err.println("zos-user: cannot read the pending results (" + e.getMessage() + "); showing the last recorded");
            }
        }
        printTable(state);
        return 0;
    }

    private static KeyId node(String text) {
        try {
            return KeyId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node '" + text + "': " + e.getMessage());
        }
    }

    private void printTable(NetworkState state) {
        out.println("network " + state.name() + "  net id " + state.netId() + "  range " + state.range() + "  "
                + (state.userKeys() ? "user keys" : "node keys") + "  " + (state.nodePorts() ? "node ports" : "picked ports"));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE", "SUBNET", "STATE", "PORT", "ENDPOINT", "PUBLIC KEY", "VERSION", "MESSAGE"});
        for (NodeState n : state.nodes()) {
            String port = n.report() != null ? String.valueOf(n.report().listenPort()) : n.port() == 0 ? "-" : n.port() + "?";
            rows.add(new String[] {n.node().text(), n.subnet().toString(), n.status().text(), port,
                    n.report() == null ? "-" : n.report().endpoint().isEmpty() ? "hidden" : n.report().endpoint(),
                    n.report() == null ? "-" : n.report().publicKey(), String.valueOf(n.version()),
                    n.message().isEmpty() ? "-" : n.message()});
        }
        for (AccessPeer a : state.access()) {
            rows.add(new String[] {"access " + a.name(), a.subnet().toString(), "via", "-", a.via().text(), a.publicKey(), "-", "-"});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private void timing(NetworkOps.Outcome outcome) {
        err.printf(Locale.ROOT, "took %.3f s, %.3f s of it waiting for the nodes' results; %d workloads sent%n",
                outcome.total().toNanos() / 1e9, outcome.waiting().toNanos() / 1e9, outcome.workloadsSent());
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new IOException("cannot write " + file + ": no directory " + parent);
        }
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8), AtomicFiles.PRIVATE);
    }

    private int usage(String problem) {
        err.println("zos-user: " + problem);
        err.print(USAGE);
        return 2;
    }

    /** The words after the network command. */
    private static final class Options {
        final List<String> positional = new ArrayList<>();
        final List<KeyId> nodes = new ArrayList<>();
        String range;
        String via;
        Path out;
        Path state;
        Duration timeout = NetworkOps.DEFAULT_TIMEOUT;
        boolean userKeys;
        boolean nodePorts;
        boolean help;

        static Options parse(List<String> words) {
            Options o = new Options();
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                switch (word) {
                    case "--help" -> o.help = true;
                    case "--user-keys" -> o.userKeys = true;
                    case "--node-ports" -> o.nodePorts = true;
                    case "--range" -> o.range = value(words, ++i, word);
                    case "--via" -> o.via = value(words, ++i, word);
                    case "--out" -> o.out = Path.of(value(words, ++i, word));
                    case "--state" -> o.state = Path.of(value(words, ++i, word));
                    case "--nodes" -> {
                        for (String id : value(words, ++i, word).split(",")) {
                            if (!id.isBlank()) {
                                o.nodes.add(node(id.trim()));
                            }
                        }
                    }
                    case "--timeout" -> {
                        String seconds = value(words, ++i, word);
                        try {
                            o.timeout = Duration.ofSeconds(Long.parseLong(seconds));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--timeout needs whole seconds, not '" + seconds + "'");
                        }
                        if (o.timeout.isNegative() || o.timeout.isZero()) {
                            throw new IllegalArgumentException("--timeout must be positive, not " + seconds);
                        }
                    }
                    default -> {
                        if (word.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + word);
                        }
                        o.positional.add(word);
                    }
                }
            }
            return o;
        }

        private static String value(List<String> words, int at, String option) {
            if (at >= words.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return words.get(at);
        }
    }
}
