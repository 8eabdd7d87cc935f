package zos.user.tool.network;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SealedSecret;
import zos.grid.api.crypto.SealedSecrets;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.model.AgreementKey;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.Node;
import zos.grid.api.model.Operation;
import zos.grid.api.model.Peer;
import zos.grid.api.model.ResultState;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.PrivateKey;
import zos.user.tool.Registry;
import zos.user.tool.network.NodeState.Status;

/**
 * A user's network across nodes, done through the registry: create, add and remove nodes, delete,
 * show, and access for a laptop. Each operation sends signed workloads (each a version higher than
 * the last one the node got), waits for the nodes' results, and keeps the user's record in the
 * {@link NetworkStateStore} after every step. The Java entry point of {@code zos-user network}.
 */
public final class NetworkOps {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** How often a node may refuse a port as taken before we give up on it. */
    static final int PORT_ATTEMPTS = 5;
    /** How long a rollback waits for its deletes to be confirmed. */
    private static final Duration ROLLBACK_WAIT = Duration.ofSeconds(10);

    /** What an operation left and what it took; {@code waiting} is the time spent waiting for nodes' results. */
    public record Outcome(NetworkState state, Duration total, Duration waiting, int workloadsSent) {
    }

    /** An access peer added, and the laptop's wg-quick configuration (it holds the laptop's private key). */
    public record AccessGrant(Outcome outcome, AccessPeer peer, String wgQuickConfig) {
        @Override
        public String toString() {
            return "AccessGrant[" + peer + ", wg-quick configuration (hidden)]";
        }
    }

    private final Registry registry;
    private final SigningKey user;
    private final NetworkStateStore store;
    private final Duration timeout;
    private final Consumer<String> progress;
    private final RandomGenerator random;
    private final Clock clock;

    public NetworkOps(URI registry, SigningKey user, NetworkStateStore store, Duration timeout, Consumer<String> progress) {
        this(new Registry(registry), user, store, timeout, progress, new SecureRandom(), Clock.systemUTC());
    }

    NetworkOps(Registry registry, SigningKey user, NetworkStateStore store, Duration timeout, Consumer<String> progress,
            RandomGenerator random, Clock clock) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        this.registry = registry;
        this.user = user;
        this.store = store;
        this.timeout = timeout;
        this.progress = progress;
        this.random = random;
        this.clock = clock;
    }

    /** One operation: the network as it stands, the registry I/O with its counters, and the clock. */
    private final class Run {
        final GridWorkloads grid = new GridWorkloads(registry, user, clock);
        final Instant start = clock.instant();
        NetworkState state;

        Run(NetworkState state) {
            this.state = state;
        }

        void update(NodeState node) throws NetworkException {
            state = state.with(node);
            save();
        }

        void save() throws NetworkException {
            try {
                store.save(state);
            } catch (IOException e) {
                throw new NetworkException("network '" + state.name() + "': cannot write its state file "
                        + store.file(state.name()) + ": " + e.getMessage());
            }
        }

        Outcome outcome() {
            return new Outcome(state, Duration.between(start, clock.instant()), grid.waited(), grid.sent());
        }
    }

    // ---- operations ----

    /**
     * Creates network {@code name} over {@code nodes}: a /24 each, keys (node-generated, or made here
     * and sealed to each node when {@code userKeys}), ports (picked here among those the node has not
     * published as used, or chosen by the node when {@code nodePorts}); version 1 everywhere, then
     * the peers from the results as version 2. On failure, what was sent is deleted again.
     */
    public Outcome create(String name, String rangeText, List<KeyId> nodes, boolean userKeys, boolean nodePorts)
            throws NetworkException, IOException {
        NetworkPlanner.checkName(name);
        if (store.load(name).isPresent()) {
            throw new NetworkException("network '" + name + "' exists already (" + store.file(name) + ")");
        }
        Cidr range = NetworkPlanner.checkRange(rangeText);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("network '" + name + "': no nodes given");
        }
        if (new HashSet<>(nodes).size() != nodes.size()) {
            throw new IllegalArgumentException("network '" + name + "': a node is listed twice in " + nodes);
        }
        List<Cidr> subnets = NetworkPlanner.subnets(range, List.of(), nodes.size());
        String netId = NetworkPlanner.netId(name, random);
        Run run = new Run(new NetworkState(name, netId, range, user.id(), userKeys, nodePorts, List.of(), List.of()));
        // every node record is read and checked before anything is sent
        List<NodeState> planned = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            planned.add(plan(run, run.grid.node(nodes.get(i)), subnets.get(i)));
        }
        progress.accept("network " + name + ": net id " + netId + ", range " + range + ", " + nodes.size() + " node"
                + (nodes.size() == 1 ? "" : "s") + ", " + (userKeys ? "keys sealed to the nodes" : "node-generated keys")
                + ", " + (nodePorts ? "ports chosen by the nodes" : "ports picked here"));
        planned.forEach(n -> run.state = run.state.with(n));
        run.save();
        try {
            deploy(run, new LinkedHashSet<>(nodes), Map.of(), "keys and ports");
            updatePeers(run);
        } catch (NetworkException e) {
            throw rollBack(run, e);
        }
        progress.accept("network " + name + ": ready on " + nodes.size() + " node" + (nodes.size() == 1 ? "" : "s"));
        return run.outcome();
    }

    /** Adds {@code node} to the network: its /24, key and port, then the peers of every node. */
    public Outcome addNode(String name, KeyId node) throws NetworkException, IOException {
        Run run = new Run(store.require(name));
        if (run.state.node(node).isPresent()) {
            throw new NetworkException("network '" + name + "': node " + node + " is part of it already");
        }
        Cidr subnet = NetworkPlanner.subnets(run.state.range(), run.state.takenSubnets(), 1).get(0);
        NodeState planned = plan(run, run.grid.node(node), subnet);
        progress.accept("network " + name + ": adding node " + node + " with " + subnet);
        run.update(planned);
        try {
            deploy(run, Set.of(node), Map.of(), "keys and ports");
        } catch (NetworkException e) {
            // the others were not touched: take back what the new node got, and forget it
            try {
                remove(run, Set.of(node), ROLLBACK_WAIT, true);
            } catch (NetworkException again) {
                throw new NetworkException(e.getMessage() + " (taking it back failed too: " + again.getMessage()
                        + "; run 'zos-user network remove-node " + name + " " + node + "' once it answers)");
            }
            throw e;
        }
        updatePeers(run);
        return run.outcome();
    }

    /** Deletes the network on {@code node}, then takes it out of the others' peers. */
    public Outcome removeNode(String name, KeyId node) throws NetworkException, IOException {
        Run run = new Run(store.require(name));
        if (run.state.node(node).isEmpty()) {
            throw new NetworkException("network '" + name + "': node " + node + " is not part of it");
        }
        for (AccessPeer laptop : run.state.access()) {
            if (laptop.via().equals(node)) {
                throw new NetworkException("network '" + name + "': node " + node + " carries access peer '" + laptop.name()
                        + "' (" + laptop.subnet() + "); it cannot be removed while that peer dials it");
            }
        }
        progress.accept("network " + name + ": removing node " + node);
        remove(run, Set.of(node), timeout, false);
        updatePeers(run);
        return run.outcome();
    }

    /** Deletes the network on every node; forgets it once all confirmed. */
    public Outcome delete(String name) throws NetworkException, IOException {
        Run run = new Run(store.require(name));
        progress.accept("network " + name + ": deleting on " + run.state.nodes().size() + " nodes");
        Set<KeyId> all = new LinkedHashSet<>();
        run.state.nodes().forEach(n -> all.add(n.node()));
        remove(run, all, timeout, false);
        store.delete(name);
        progress.accept("network " + name + ": deleted");
        return run.outcome();
    }

    /** The network as recorded, with results that arrived since the last operation read in. */
    public NetworkState show(String name) throws NetworkException, IOException {
        Run run = new Run(store.require(name));
        for (NodeState n : run.state.nodes()) {
            if (n.cursor() > 0 && (n.status() == Status.PENDING || n.status() == Status.DELETING)) {
                WorkloadResult result = run.grid.entry(n.node(), n.cursor()).result();
                if (result != null) {
                    run.state = run.state.with(n.answered(result.state() == ResultState.OK ? Status.OK : Status.ERROR,
                            result.message(), reportOrNull(result, n.status() == Status.PENDING)));
                }
            }
        }
        run.save();
        return run.state;
    }

    /**
     * Adds an external peer (a laptop) reaching the network through {@code via} (null: the first
     * public node): a /24 of the range, a key pair made here, and its wg-quick configuration. The
     * private key is only in the returned configuration.
     */
    public AccessGrant access(String name, KeyId via) throws NetworkException, IOException {
        Run run = new Run(store.require(name));
        for (NodeState n : run.state.nodes()) {
            if (n.status() != Status.OK || n.report() == null) {
                throw new NetworkException("network '" + name + "': node " + n.node() + " is " + n.status().text()
                        + (n.message().isEmpty() ? "" : " (" + n.message() + ")") + ": access needs every node applied");
            }
        }
        MeshMember node = NetworkPlanner.accessNode(run.state.members(), via);
        Cidr subnet = NetworkPlanner.subnets(run.state.range(), run.state.takenSubnets(), 1).get(0);
        PrivateKey key = PrivateKey.generate();
        AccessPeer laptop = new AccessPeer("access-" + (run.state.access().size() + 1), subnet, key.publicKey().base64(),
                node.node());
        progress.accept("network " + name + ": access peer " + laptop.name() + " with " + subnet + " through node " + node.node());
        NetworkState before = run.state;
        run.state = run.state.withAccess(laptop);
        run.save();
        try {
            updatePeers(run);
        } catch (NetworkException e) {
            run.state = new NetworkState(before.name(), before.netId(), before.range(), before.user(), before.userKeys(),
                    before.nodePorts(), run.state.nodes(), before.access());
            run.save();
            try {
                updatePeers(run);
            } catch (NetworkException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        return new AccessGrant(run.outcome(), laptop, NetworkPlanner.wgQuick(key.revealBase64(), laptop, node, run.state.range()));
    }

    // ---- steps ----

    /** A node's part before anything is sent: subnet, key (sealed to it, or none), port. */
    private NodeState plan(Run run, Node node, Cidr subnet) throws NetworkException {
        SealedSecret sealed = null;
        String publicKey = "";
        if (run.state.userKeys()) {
            AgreementKey agreement = node.agreementKey();
            if (agreement == null || !agreement.isSignedBy(node.id())) {
                throw new NetworkException("node " + node.id() + ": its agreement key is " + (agreement == null ? "missing"
                        : "not signed by the node") + " in the registry: a key cannot be sealed to it");
            }
            PrivateKey key = PrivateKey.generate();
            sealed = SealedSecrets.sealTo(node.id(), agreement.publicKey(), SealedSecrets.wireGuardKeyAad(run.state.netId()),
                    key.revealBytes());
            publicKey = key.publicKey().base64();
        }
        int port = run.state.nodePorts() ? 0
                : NetworkPlanner.pickPort(node.id(), node.usedPorts().ports(), Set.of(), random);
        return NodeState.planned(node.id(), subnet, port, sealed, publicKey);
    }

    private NetworkResource resource(NetworkState state, NodeState node, int port, List<Peer> peers, long version) {
        return new NetworkResource(state.name(), state.netId(), state.range(), node.subnet(), node.sealedKey(),
                node.userPublicKey(), port, peers, version);
    }

    /** Sends each node's peers where they changed, and waits for all. */
    private void updatePeers(Run run) throws NetworkException {
        Map<KeyId, List<Peer>> peers = NetworkPlanner.peers(run.state.members(), run.state.access());
        Set<KeyId> changed = new LinkedHashSet<>();
        for (NodeState n : run.state.nodes()) {
            if (!n.peers().equals(peers.getOrDefault(n.node(), List.of()))) {
                changed.add(n.node());
            }
        }
        if (!changed.isEmpty()) {
            deploy(run, changed, peers, "peers");
        }
    }

    /**
     * Sends each of {@code nodes} its next version (with {@code peers}, none when absent) and waits
     * for the results; a port the node refuses as taken is replaced by another and sent again.
     *
     * @throws NetworkException naming every node that refused or failed, with its reason
     */
    private void deploy(Run run, Set<KeyId> nodes, Map<KeyId, List<Peer>> peers, String what) throws NetworkException {
        Map<KeyId, Set<Integer>> refusedPorts = new HashMap<>();
        Set<KeyId> pending = new LinkedHashSet<>(nodes);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            Map<KeyId, Long> cursors = new LinkedHashMap<>();
            for (KeyId id : pending) {
                NodeState n = run.state.node(id).orElseThrow();
                List<Peer> nodePeers = peers.getOrDefault(id, n.peers());
                long version = n.version() + 1;
                long cursor = run.grid.submit(id, Operation.DEPLOY, resource(run.state, n, n.port(), nodePeers, version));
                run.update(n.sent(version, cursor, n.port(), nodePeers, false));
                cursors.put(id, cursor);
                progress.accept("  node " + id + ": " + what + " sent as version " + version + " (workload " + cursor + ")");
            }
            GridWorkloads.Answers answers = run.grid.await(cursors, timeout);
            pending.clear();
            List<String> failures = new ArrayList<>();
            for (Map.Entry<KeyId, WorkloadResult> r : answers.results().entrySet()) {
                NodeState n = run.state.node(r.getKey()).orElseThrow();
                WorkloadResult result = r.getValue();
                if (result.state() == ResultState.OK) {
                    NodeReport report;
                    try {
                        report = NodeReport.of(result.data());
                        if (!n.userPublicKey().isEmpty() && !n.userPublicKey().equals(report.publicKey())) {
                            throw new IllegalArgumentException("it reports WireGuard key " + report.publicKey()
                                    + ", not the public key of the one sealed to it (" + n.userPublicKey() + ")");
                        }
                    } catch (IllegalArgumentException e) {
                        run.update(n.answered(Status.ERROR, e.getMessage(), null));
                        failures.add("node " + n.node() + ": " + e.getMessage());
                        continue;
                    }
                    run.update(n.answered(Status.OK, result.message(), report));
                    progress.accept("  node " + n.node() + ": version " + n.version() + " applied, port " + report.listenPort()
                            + ", endpoint " + (report.endpoint().isEmpty() ? "none (hidden)" : report.endpoint()));
                    continue;
                }
                run.update(n.answered(Status.ERROR, result.message(), null));
                Optional<Integer> taken = NetworkPlanner.refusedPort(result.message());
                if (!run.state.nodePorts() && taken.isPresent() && taken.get() == n.port() && attempt < PORT_ATTEMPTS) {
                    Set<Integer> refused = refusedPorts.computeIfAbsent(n.node(), k -> new HashSet<>());
                    refused.add(n.port());
                    Node record = run.grid.node(n.node());
                    int port;
                    try {
                        port = NetworkPlanner.pickPort(n.node(), record.usedPorts().ports(), refused, random);
                    } catch (IllegalArgumentException e) {
                        failures.add(e.getMessage());
                        continue;
                    }
                    progress.accept("  node " + n.node() + ": port " + n.port() + " refused as taken, trying " + port);
                    run.update(new NodeState(n.node(), n.subnet(), port, n.sealedKey(), n.userPublicKey(), n.version(),
                            n.cursor(), Status.ERROR, result.message(), n.report(), n.peers()));
                    pending.add(n.node());
                    continue;
                }
                failures.add("node " + n.node() + " refused version " + n.version() + ": " + result.message());
            }
            if (answers.silence() != null) {
                failures.add(answers.silence());
            }
            if (!failures.isEmpty()) {
                throw new NetworkException("network '" + run.state.name() + "': " + String.join("; ", failures));
            }
        }
    }

    /** Sends each of {@code nodes} a delete (its next version), waits; forgets the nodes that confirmed. */
    private void remove(Run run, Set<KeyId> nodes, Duration wait, boolean quiet) throws NetworkException {
        Map<KeyId, Long> cursors = new LinkedHashMap<>();
        for (KeyId id : nodes) {
            NodeState n = run.state.node(id).orElseThrow();
            long version = n.version() + 1;
            long cursor = run.grid.submit(id, Operation.DELETE, resource(run.state, n, n.port(), List.of(), version));
            run.update(n.sent(version, cursor, n.port(), List.of(), true));
            cursors.put(id, cursor);
            if (!quiet) {
                progress.accept("  node " + id + ": delete sent as version " + version + " (workload " + cursor + ")");
            }
        }
        GridWorkloads.Answers answers = run.grid.await(cursors, wait);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<KeyId, WorkloadResult> r : answers.results().entrySet()) {
            NodeState n = run.state.node(r.getKey()).orElseThrow();
            if (r.getValue().state() == ResultState.OK) {
                run.state = run.state.without(n.node());
                run.save();
                if (!quiet) {
                    progress.accept("  node " + n.node() + ": deleted");
                }
            } else {
                run.update(n.answered(Status.ERROR, r.getValue().message(), null));
                failures.add("node " + n.node() + " refused the delete: " + r.getValue().message());
            }
        }
        if (answers.silence() != null) {
            failures.add(answers.silence());
        }
        if (!failures.isEmpty()) {
            throw new NetworkException("network '" + run.state.name() + "': " + String.join("; ", failures));
        }
    }

    /** Takes back a failed create: deletes what was sent; forgets the network when every node confirmed. */
    private NetworkException rollBack(Run run, NetworkException cause) {
        Set<KeyId> sent = new LinkedHashSet<>();
        run.state.nodes().stream().filter(n -> n.version() > 0).forEach(n -> sent.add(n.node()));
        progress.accept("network " + run.state.name() + ": failed, deleting it again on " + sent.size() + " node"
                + (sent.size() == 1 ? "" : "s"));
        try {
            remove(run, sent, ROLLBACK_WAIT.compareTo(timeout) < 0 ? ROLLBACK_WAIT : timeout, true);
            store.delete(run.state.name());
            return new NetworkException(cause.getMessage() + " (rolled back: deleted on every node it was sent to)");
        } catch (NetworkException | IOException e) {
            return new NetworkException(cause.getMessage() + " (roll-back incomplete: " + e.getMessage()
                    + "; the state is kept in " + store.file(run.state.name()) + ": run 'zos-user network delete "
                    + run.state.name() + "' once the nodes answer)");
        }
    }

    private static NodeReport reportOrNull(WorkloadResult result, boolean deploy) {
        if (!deploy || result.state() != ResultState.OK) {
            return null;
        }
        try {
            return NodeReport.of(result.data());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
