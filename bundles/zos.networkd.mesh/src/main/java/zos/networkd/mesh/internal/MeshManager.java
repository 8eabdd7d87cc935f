package zos.networkd.mesh.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.EventGroup;
import zos.networkd.api.host.HostNetworkException;
import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.NetworkEvent;
import zos.networkd.api.host.Subscription;
import zos.networkd.api.mesh.ApplyResult;
import zos.networkd.api.mesh.MeshAddressing;
import zos.networkd.api.mesh.MeshPeer;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.NetworkResourceException;
import zos.networkd.api.mesh.NetworkResourceManager;
import zos.networkd.api.mesh.NrLayout;
import zos.networkd.api.mesh.NrStatus;
import zos.networkd.api.mesh.SealedKeys;
import zos.networkd.api.mesh.Workload;
import zos.networkd.api.nftables.NftablesException;
import zos.networkd.api.nftables.NftablesService;
import zos.networkd.api.ports.PortLease;
import zos.networkd.api.ports.PortLeaseException;
import zos.networkd.api.ports.PortLeases;
import zos.networkd.api.wireguard.DeviceState;
import zos.networkd.api.wireguard.PeerState;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.WireguardException;
import zos.networkd.api.wireguard.WireguardService;

/**
 * The network resources of the node. One lock per resource (different resources are built at the
 * same time), one for what they share (the node's setup, uplink slots, names). Each resource has a
 * record written before it is built, so that a crash midway leaves something the next start
 * completes; a failure midway takes back what the call made.
 */
final class MeshManager implements NetworkResourceManager {
    private static final Logger LOG = LoggerFactory.getLogger(MeshManager.class);
    private static final int RECONCILE_THREADS = 4;

    private final HostNetworking host;
    private final WireguardService wireguard;
    private final PortLeases ports;
    private final MeshSettings settings;
    private final NrNames names;
    private final NrStore store;
    private final NodeSetup node;
    private final NrBuilder builder;

    private final Map<String, NrRecord> records = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, List<String>> reconcileProblems = new ConcurrentHashMap<>();
    /** Guards what resources share: the node's setup, {@link #slots} and {@link #hashes}. */
    private final Object nodeLock = new Object();
    private final Set<Integer> slots = new HashSet<>();
    private final Map<String, String> hashes = new HashMap<>();
    private static final long NODE_CHECK_INTERVAL_NANOS = 1_000_000_000L;
    private long nodeCheckedAt = System.nanoTime() - 2 * NODE_CHECK_INTERVAL_NANOS;
    private volatile SealedKeys sealedKeys;
    private volatile boolean started;
    private ScheduledExecutorService refresher;
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private Subscription uplinkWatch;

    MeshManager(HostNetworking host, WireguardService wireguard, PortLeases ports, NftablesService nft,
            MeshSettings settings) {
        this.host = host;
        this.wireguard = wireguard;
        this.ports = ports;
        this.settings = settings;
        this.names = new NrNames(settings);
        this.store = new NrStore(settings.stateDirectory());
        this.node = new NodeSetup(host, nft, settings, names, store);
        this.builder = new NrBuilder(host, wireguard, nft, node);
    }

    void setSealedKeys(SealedKeys keys) {
        sealedKeys = keys;
    }

    MeshSettings settings() {
        return settings;
    }

    // ---- start and stop ----

    /** Loads the records and brings every resource back (kept if intact, rebuilt if gone) before taking work. */
    void start() {
        for (NrRecord r : store.loadAll()) {
            records.put(r.networkId(), r);
            slots.add(r.uplinkIndex());
            hashes.put(names.hash(r.networkId()), r.networkId());
        }
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mesh-node-refresh");
            t.setDaemon(true);
            return t;
        });
        reconcileAll();
        nodeHadIpv6 = nodeHasIpv6();
        try {
            uplinkWatch = node.node().subscribe(EnumSet.of(EventGroup.LINK, EventGroup.IPV4_ADDRESS,
                    EventGroup.IPV6_ADDRESS, EventGroup.IPV6_ROUTE), this::nodeChanged);
        } catch (RuntimeException e) {
            LOG.warn("cannot watch the node's uplink ({}); the farm's LAN is read at each apply only", e.getMessage());
        }
        started = true;
    }

    /** Whether the node's uplink had IPv6 (a default route) when last looked at. */
    private volatile boolean nodeHadIpv6;

    private boolean nodeHasIpv6() {
        try {
            return node.hasIpv6();
        } catch (RuntimeException e) {
            return nodeHadIpv6;
        }
    }

    /**
     * The node gained or lost IPv6 after resources were made (a router advertisement came late, or
     * stopped): every resource and its workloads get, or lose, their IPv6 default route now rather
     * than at their next apply.
     */
    private void followIpv6() {
        boolean now = nodeHasIpv6();
        if (now == nodeHadIpv6) {
            return;
        }
        nodeHadIpv6 = now;
        LOG.info("the node {} IPv6: {} network resource(s) follow", now ? "has" : "lost", records.size());
        for (String id : records.keySet()) {
            withLock(id, () -> reconcile(id));
        }
    }

    /** Leaves every resource running: an update of this bundle must not drop a tunnel. */
    void stop() {
        started = false;
        if (uplinkWatch != null) {
            uplinkWatch.close();
        }
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    private void reconcileAll() {
        if (records.isEmpty()) {
            if (store.readNode() != null) {
                tearDownNode(); // the last resource went while the node's part was being removed
            }
            return;
        }
        long begin = System.nanoTime();
        synchronized (nodeLock) {
            try {
                node.ensure(Session.repair());
            } catch (RuntimeException e) {
                LOG.error("the node's mesh setup could not be made: {}", e.getMessage());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(RECONCILE_THREADS, records.size()), r -> {
            Thread t = new Thread(r, "mesh-reconcile");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String id : records.keySet()) {
                done.add(pool.submit(() -> withLock(id, () -> reconcile(id))));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.error("reconciling failed: {}", e.getCause().toString());
                }
            }
        } finally {
            pool.shutdown();
        }
        LOG.info("{} network resource(s) reconciled in {} ms", records.size(), (System.nanoTime() - begin) / 1_000_000);
    }

    private Void reconcile(String id) {
        NrRecord record = records.get(id);
        if (record == null) {
            return null;
        }
        Session s = Session.repair();
        try {
            NrPlan plan = NrPlan.of(record, names, settings);
            builder.realize(plan, s);
            NrRecord current = record;
            boolean ipv6 = nodeHasIpv6();
            for (Workload recorded : record.workloads()) {
                Workload w = recorded;
                if (w.ipv6DefaultRoute() != ipv6) {
                    // an IPv6 default route only where the node has IPv6 (the original gave one regardless)
                    w = new Workload(w.workloadId(), w.namespace(), w.interfaceName(), w.hostLink(), w.address(), w.ula(),
                            ipv6);
                    current = current.withWorkload(w);
                }
                if (host.namespaceExists(w.namespace())) {
                    builder.attach(plan, w, s);
                } else {
                    LOG.info("network resource '{}': workload '{}' is gone (no netns '{}'): detached", id,
                            w.workloadId(), w.namespace());
                    builder.detach(w);
                    current = current.withoutWorkload(w.workloadId());
                }
            }
            if (current != record) {
                store.write(current);
                records.put(id, current);
            }
            reconcileProblems.remove(id);
            if (s.changes().isEmpty()) {
                LOG.info("network resource '{}' intact", id);
            } else {
                LOG.warn("network resource '{}' rebuilt: {}", id, s.changes());
            }
        } catch (RuntimeException e) {
            reconcileProblems.put(id, List.of("could not be rebuilt: " + e.getMessage()));
            LOG.error("network resource '{}' could not be rebuilt: {}", id, e.getMessage());
        }
        return null;
    }

    /** The uplink's addresses (the farm's LAN) or the node's IPv6 changed: the node's part follows. */
    private void nodeChanged(NetworkEvent event) {
        if (event instanceof NetworkEvent.LinkChanged c && c.link().name().startsWith(NrNames.NODE_LINK_PREFIX)) {
            return;
        }
        if (refresher != null && started && refreshPending.compareAndSet(false, true)) {
            try {
                refresher.schedule(() -> {
                    refreshPending.set(false);
                    synchronized (nodeLock) {
                        if (!slots.isEmpty()) {
                            try {
                                node.ensure(Session.repair());
                            } catch (RuntimeException e) {
                                LOG.warn("refreshing the node's mesh setup failed: {}", e.getMessage());
                            }
                        }
                    }
                    followIpv6();
                }, 300, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // stopped meanwhile
            }
        }
    }

    // ---- the service ----

    @Override
    public ApplyResult apply(NetworkResource resource) {
        requireStarted();
        if (resource == null) {
            throw new IllegalArgumentException("apply network resource: no resource");
        }
        String id = resource.networkId();
        return withLock(id, () -> {
            NrRecord existing = records.get(id);
            checkAgainstNode(resource, existing);
            return existing == null ? create(resource) : update(existing, resource);
        });
    }

    /** What only the node can tell: its own networks, the sealed key's opener, changes that cannot be made in place. */
    private void checkAgainstNode(NetworkResource r, NrRecord existing) {
        String what = "network resource '" + r.networkId() + "'";
        if (settings.nodeNamespace() == null && !host.ownNamespaceWritable()) {
            throw new NetworkResourceException(r.networkId(), "network resources change the node's own namespace "
                    + "(its uplink, bridges, forwarding, nftables), where changes are disabled: set manageOwnNamespace = "
                    + "true in etc/zos.networkd.netlink.cfg on a node that zos manages, or nodeNamespace in "
                    + "etc/zos.networkd.mesh.cfg");
        }
        if (existing != null) {
            NetworkResource old = existing.resource();
            if (!old.ipRange().equals(r.ipRange()) || !old.subnet().equals(r.subnet())) {
                throw new IllegalArgumentException(what + ": has range " + old.ipRange() + " and subnet " + old.subnet()
                        + " on this node; a new range or subnet needs the resource deleted first");
            }
        }
        Map<String, Cidr> own = new TreeMap<>();
        own.put("the node's uplink range for network resources", settings.uplinkRange());
        own.put("the WireGuard addresses", MeshAddressing.WIREGUARD_RANGE);
        for (Cidr lan : node.blocked(AddressFamily.IPV4)) {
            own.put("the node's LAN " + lan, lan);
        }
        for (Map.Entry<String, Cidr> e : own.entrySet()) {
            if (r.ipRange().overlaps(e.getValue())) {
                throw new IllegalArgumentException(what + ": range " + r.ipRange() + " overlaps " + e.getKey()
                        + " (" + e.getValue() + ")");
            }
        }
        if (r.sealedPrivateKey() != null && sealedKeys == null
                && (existing == null || !sealedDigest(r).equals(existing.sealedKeyDigest()))) {
            throw new IllegalArgumentException(what + ": carries a sealed private key, and this node has no identity "
                    + "service to open it (leave the key out and the node generates one)");
        }
    }

    private ApplyResult create(NetworkResource r) {
        String id = r.networkId();
        Session s = Session.repair();
        long begin = System.nanoTime();
        boolean hadLease = ports.leaseOf(id).isPresent();
        PortLease lease = lease(id, r.listenPort());
        long leased = System.nanoTime();
        if (!hadLease) {
            s.onUndo("release the port lease", () -> ports.release(id));
        }
        try {
            PrivateKey key = keyFor(r, null);
            NrLayout layout;
            synchronized (nodeLock) {
                int slot = freeSlot(id);
                String hash = names.hash(id);
                String other = hashes.get(hash);
                if (other != null) {
                    throw new NetworkResourceException(id, "its names (" + hash + ") collide with network resource '"
                            + other + "' on this node");
                }
                boolean first = slots.isEmpty();
                slots.add(slot);
                hashes.put(hash, id);
                s.onUndo("free uplink slot " + slot, () -> forget(slot, hash));
                layout = names.layout(id, slot);
                if (first) {
                    // the node's part; later resources find it in place (re-applies, restarts and
                    // changes of the uplink check it again)
                    node.ensure(s);
                }
            }
            NrRecord record = new NrRecord(withoutSealedKey(r), sealedDigestOrNull(r), key, lease.port(),
                    layout.uplinkIndex(), List.of(), Instant.now());
            long recording = System.nanoTime();
            store.write(record); // first: a crash midway leaves a record that the next start completes
            long recorded = System.nanoTime();
            s.onUndo("delete the record", () -> store.delete(id));
            NrPlan plan = NrPlan.of(record, names, settings);
            s.onUndo("remove what was made", () -> builder.remove(plan.layout(), List.of()));
            long building = System.nanoTime();
            builder.realize(plan, s);
            long built = System.nanoTime();
            records.put(id, record);
            ApplyResult result = new ApplyResult(ApplyResult.Outcome.CREATED, List.of("created"), statusOfNew(record, plan));
            if (LOG.isDebugEnabled()) {
                LOG.debug("network resource '{}': lease {} ms, checks {} ms, record {} ms, built in {} ms, status {} ms: {}",
                        id, ms(leased - begin), ms(recording - leased), ms(recorded - recording), ms(built - building),
                        ms(System.nanoTime() - built), s.timings());
            }
            LOG.info("network resource '{}' created: netns {}, WireGuard {} on port {}, public key {}", id,
                    layout.namespace(), layout.wireguard(), lease.port(), key.publicKey());
            return result;
        } catch (RuntimeException e) {
            s.rollBack(e);
            throw failure(id, "create", e);
        }
    }

    private ApplyResult update(NrRecord existing, NetworkResource r) {
        String id = r.networkId();
        Session s = Session.repair();
        List<String> declared = new ArrayList<>();
        int port = existing.listenPort();
        if (r.listenPort() != 0 && r.listenPort() != existing.listenPort()) {
            port = lease(id, r.listenPort()).port();
            s.onUndo("lease back port " + existing.listenPort(), () -> ports.lease(id, existing.listenPort()));
            declared.add("listen port " + existing.listenPort() + " -> " + port);
        }
        try {
            PrivateKey key = keyFor(r, existing);
            if (!key.equals(existing.privateKey())) {
                declared.add("private key (public key now " + key.publicKey() + ")");
            }
            NetworkResource stripped = withoutSealedKey(r);
            if (!stripped.name().equals(existing.resource().name())) {
                declared.add("name '" + existing.resource().name() + "' -> '" + stripped.name() + "'");
            }
            declared.addAll(peerChanges(existing.resource().peers(), stripped.peers()));
            if (stripped.listenPort() != existing.resource().listenPort() && declared.isEmpty()) {
                declared.add("requested port " + stripped.listenPort());
            }
            NrRecord updated = new NrRecord(stripped, r.sealedPrivateKey() == null ? existing.sealedKeyDigest()
                    : sealedDigest(r), key, port, existing.uplinkIndex(), existing.workloads(), existing.appliedAt());
            long begin = System.nanoTime();
            ensureNodeRecently(s);
            long nodeChecked = System.nanoTime();
            NrPlan plan = NrPlan.of(updated, names, settings);
            builder.realize(plan, s);
            if (LOG.isDebugEnabled()) {
                LOG.debug("network resource '{}': node checked in {} ms, resource in {} ms: {}", id,
                        ms(nodeChecked - begin), ms(System.nanoTime() - nodeChecked), s.timings());
            }
            for (Workload w : updated.workloads()) {
                if (host.namespaceExists(w.namespace())) {
                    builder.attach(plan, w, s);
                }
            }
            boolean changed = !declared.isEmpty() || !updated.resource().equals(existing.resource());
            if (changed || !s.changes().isEmpty()) {
                updated = new NrRecord(updated.resource(), updated.sealedKeyDigest(), key, port, updated.uplinkIndex(),
                        updated.workloads(), Instant.now());
                store.write(updated);
                records.put(id, updated);
                reconcileProblems.remove(id);
                List<String> changes = new ArrayList<>(declared);
                s.changes().stream().filter(c -> declared.isEmpty() || !c.startsWith(NrBuilder.WIREGUARD_CONFIGURATION))
                        .map(c -> "repaired: " + c).forEach(changes::add);
                LOG.info("network resource '{}' changed: {}", id, changes);
                return new ApplyResult(ApplyResult.Outcome.CHANGED, changes, statusOf(updated, false, s.device()));
            }
            return new ApplyResult(ApplyResult.Outcome.UNCHANGED, List.of(), statusOf(existing, false, s.device()));
        } catch (RuntimeException e) {
            s.rollBack(e);
            throw failure(id, "change", e);
        }
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    static List<String> peerChanges(List<MeshPeer> before, List<MeshPeer> after) {
        Map<Object, MeshPeer> old = new HashMap<>();
        before.forEach(p -> old.put(p.publicKey(), p));
        int added = 0;
        int changed = 0;
        for (MeshPeer p : after) {
            MeshPeer o = old.remove(p.publicKey());
            if (o == null) {
                added++;
            } else if (!o.equals(p)) {
                changed++;
            }
        }
        List<String> out = new ArrayList<>();
        if (added + changed + old.size() > 0) {
            out.add("peers: " + added + " added, " + changed + " changed, " + old.size() + " removed");
        }
        return out;
    }

    @Override
    public boolean delete(String networkId) {
        requireStarted();
        return withLock(networkId, () -> {
            NrRecord r = records.get(networkId);
            if (r == null) {
                return false;
            }
            try {
                builder.remove(NrPlan.of(r, names, settings).layout(), r.workloads());
                ports.release(networkId);
                store.delete(networkId);
            } catch (RuntimeException e) {
                throw failure(networkId, "delete", e);
            }
            records.remove(networkId);
            reconcileProblems.remove(networkId);
            forget(r.uplinkIndex(), names.hash(networkId));
            LOG.info("network resource '{}' deleted", networkId);
            return true;
        });
    }

    /** The node's part, checked at most once a second however many resources are re-applied. */
    private void ensureNodeRecently(Session s) {
        synchronized (nodeLock) {
            long now = System.nanoTime();
            if (now - nodeCheckedAt > NODE_CHECK_INTERVAL_NANOS) {
                node.ensure(s);
                nodeCheckedAt = now;
            }
        }
    }

    private void forget(int slot, String hash) {
        synchronized (nodeLock) {
            slots.remove(slot);
            hashes.remove(hash);
            if (slots.isEmpty()) {
                tearDownNode();
            }
        }
    }

    private void tearDownNode() {
        try {
            node.tearDown();
        } catch (RuntimeException e) {
            LOG.warn("removing the node's mesh setup failed: {}", e.getMessage());
        }
    }

    @Override
    public List<NrStatus> list() {
        requireStarted();
        return new TreeMap<>(records).values().stream().map(r -> statusOf(r, true)).toList();
    }

    @Override
    public Optional<NrStatus> status(String networkId) {
        requireStarted();
        NrRecord r = records.get(networkId);
        return r == null ? Optional.empty() : Optional.of(statusOf(r, true));
    }

    @Override
    public NrLayout layoutOf(String networkId) {
        NrRecord r = records.get(networkId);
        return r != null ? NrPlan.of(r, names, settings).layout() : names.layout(networkId, -1);
    }

    /** A resource just made: its peers as configured, nothing received or sent yet (saves asking the device). */
    private static NrStatus statusOfNew(NrRecord r, NrPlan plan) {
        List<PeerState> peers = plan.deviceConfig().peers().stream().map(p -> new PeerState(p.publicKey(),
                p.presharedKey() != null, p.endpoint(), p.allowedIps(), p.persistentKeepalive(), null, 0, 0)).toList();
        return new NrStatus(r.resource(), plan.layout(), r.privateKey().publicKey(), r.listenPort(), peers,
                r.workloads(), r.appliedAt(), List.of());
    }

    private NrStatus statusOf(NrRecord r, boolean inspect) {
        return statusOf(r, inspect, null);
    }

    /** {@code known}: what the device reported a moment ago, or null to ask it. */
    private NrStatus statusOf(NrRecord r, boolean inspect, DeviceState known) {
        NrPlan plan = NrPlan.of(r, names, settings);
        List<String> problems = new ArrayList<>(reconcileProblems.getOrDefault(r.networkId(), List.of()));
        List<PeerState> peers = List.of();
        try {
            peers = (known != null ? known : wireguard.state(plan.layout().wireguard())).peers();
        } catch (RuntimeException e) {
            problems.add("WireGuard device unreadable: " + e.getMessage());
        }
        if (inspect) {
            Session s = Session.inspect();
            try {
                builder.realize(plan, s);
            } catch (RuntimeException e) {
                problems.add("inspection failed: " + e.getMessage());
            }
            s.problems().forEach(p -> problems.add("missing or wrong: " + p));
        }
        return new NrStatus(r.resource(), plan.layout(), r.privateKey().publicKey(), r.listenPort(), peers,
                r.workloads(), r.appliedAt(), problems);
    }

    // ---- workloads ----

    @Override
    public Workload join(String networkId, Workload.Request request) {
        requireStarted();
        if (request == null) {
            throw new IllegalArgumentException("join network resource '" + networkId + "': no workload");
        }
        return withLock(networkId, () -> {
            NrRecord record = records.get(networkId);
            if (record == null) {
                throw new IllegalArgumentException("join: no network resource '" + networkId + "' on this node");
            }
            String what = "workload '" + request.workloadId() + "' in network resource '" + networkId + "'";
            if (!host.namespaceExists(request.namespace())) {
                throw new IllegalArgumentException(what + ": netns '" + request.namespace() + "' does not exist");
            }
            NrPlan plan = NrPlan.of(record, names, settings);
            Optional<Workload> attached = record.workload(request.workloadId());
            Workload workload;
            if (attached.isPresent()) {
                workload = attached.get();
                if (!workload.namespace().equals(request.namespace())
                        || !workload.interfaceName().equals(request.interfaceName())
                        || (request.address() != null && !request.address().equals(workload.address().address()))) {
                    throw new IllegalArgumentException(what + ": already attached as " + workload.interfaceName()
                            + " in netns '" + workload.namespace() + "' with " + workload.address());
                }
            } else {
                InetAddress address = addressFor(record, request, what);
                workload = new Workload(request.workloadId(), request.namespace(), request.interfaceName(),
                        names.workloadLink(networkId, request.workloadId()), new Cidr(address, 24),
                        MeshAddressing.workloadUla(networkId, record.resource().subnet(), address), node.hasIpv6());
            }
            Session s = Session.repair();
            try {
                builder.attach(plan, workload, s);
                if (attached.isEmpty()) {
                    NrRecord updated = record.withWorkload(workload);
                    store.write(updated);
                    records.put(networkId, updated);
                    LOG.info("{} attached: {} in netns '{}' with {}", what, workload.interfaceName(),
                            workload.namespace(), workload.address());
                }
                return workload;
            } catch (RuntimeException e) {
                s.rollBack(e);
                throw failure(networkId, "join workload '" + request.workloadId() + "'", e);
            }
        });
    }

    private static InetAddress addressFor(NrRecord record, Workload.Request request, String what) {
        Cidr subnet = record.resource().subnet();
        Set<InetAddress> taken = NrBuilder.taken(record);
        if (request.address() != null) {
            InetAddress a = request.address();
            int host = a.getAddress().length == 4 ? a.getAddress()[3] & 0xff : -1;
            if (!subnet.contains(a) || host < 2 || host > 254) {
                throw new IllegalArgumentException(what + ": address " + IpAddresses.format(a) + " is not a host of "
                        + subnet + " (.2 to .254; .1 is the gateway)");
            }
            if (taken.contains(a)) {
                throw new IllegalArgumentException(what + ": address " + IpAddresses.format(a) + " is taken");
            }
            return a;
        }
        for (int i = 2; i <= 254; i++) {
            InetAddress a = subnet.host(i);
            if (!taken.contains(a)) {
                return a;
            }
        }
        throw new IllegalArgumentException(what + ": no free address left in " + subnet);
    }

    @Override
    public boolean leave(String networkId, String workloadId) {
        requireStarted();
        return withLock(networkId, () -> {
            NrRecord record = records.get(networkId);
            Optional<Workload> w = record == null ? Optional.empty() : record.workload(workloadId);
            if (w.isEmpty()) {
                return false;
            }
            try {
                builder.detach(w.get());
            } catch (RuntimeException e) {
                throw failure(networkId, "detach workload '" + workloadId + "'", e);
            }
            NrRecord updated = record.withoutWorkload(workloadId);
            store.write(updated);
            records.put(networkId, updated);
            LOG.info("workload '{}' detached from network resource '{}'", workloadId, networkId);
            return true;
        });
    }

    // ---- helpers ----

    private PortLease lease(String id, int port) {
        try {
            return ports.lease(id, port);
        } catch (PortLeaseException e) {
            throw new IllegalArgumentException("network resource '" + id + "': " + e.getMessage(), e);
        }
    }

    private int freeSlot(String id) {
        for (int i = 0; i < settings.uplinkSlots(); i++) {
            if (!slots.contains(i)) {
                return i;
            }
        }
        throw new NetworkResourceException(id, "the node's uplink range " + settings.uplinkRange()
                + " has no room left (" + settings.uplinkSlots() + " network resources)");
    }

    private PrivateKey keyFor(NetworkResource r, NrRecord existing) {
        if (r.sealedPrivateKey() != null) {
            String digest = sealedDigest(r);
            if (existing != null && digest.equals(existing.sealedKeyDigest())) {
                return existing.privateKey();
            }
            SealedKeys opener = sealedKeys;
            if (opener == null) {
                throw new IllegalArgumentException("network resource '" + r.networkId()
                        + "': carries a sealed private key, and this node has no identity service to open it");
            }
            return opener.open(r.networkId(), r.sealedPrivateKey());
        }
        // generated on the node: the private key never leaves it, only the public key is reported
        return existing != null ? existing.privateKey() : PrivateKey.generate();
    }

    private static String sealedDigest(NetworkResource r) {
        return MeshSettings.hex("sealed\0" + r.sealedPrivateKey(), 16);
    }

    private static String sealedDigestOrNull(NetworkResource r) {
        return r.sealedPrivateKey() == null ? null : sealedDigest(r);
    }

    private static NetworkResource withoutSealedKey(NetworkResource r) {
        return new NetworkResource(r.networkId(), r.name(), r.ipRange(), r.subnet(), r.listenPort(), null, r.peers());
    }

    private static RuntimeException failure(String id, String operation, RuntimeException e) {
        if (e instanceof IllegalArgumentException || e instanceof NetworkResourceException) {
            return e;
        }
        if (e instanceof HostNetworkException || e instanceof WireguardException || e instanceof NftablesException) {
            return new NetworkResourceException(id, operation + " failed: " + e.getMessage(), e);
        }
        return new NetworkResourceException(id, operation + " failed: " + e, e);
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("the network resource manager is not running");
        }
    }

    private <T> T withLock(String id, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** How many resources the node has. */
    int size() {
        return records.size();
    }

    /** For tests: the records' directory. */
    java.nio.file.Path stateDirectory() {
        return store.directory();
    }
}
