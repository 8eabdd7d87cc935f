package zos.networkd.boot.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.networkd.api.boot.BootEvent;
import zos.networkd.api.boot.ConnectivityState;
import zos.networkd.api.boot.ConnectivityStatus;
import zos.networkd.api.boot.Lease;
import zos.networkd.api.boot.NicProbe;
import zos.networkd.api.boot.NodeParameters;
import zos.networkd.api.host.Address;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.AddressScope;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.HostNetworkException;
import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.Link;
import zos.networkd.api.host.LinkSpec;
import zos.networkd.api.host.NetworkNamespace;

/**
 * The node's way to the Internet, on one thread: adopt an existing healthy {@code zos} bridge, or
 * probe the NICs, choose one and build the bridge on it; keep its lease for the life of the node;
 * then check, forever, that the registry can be reached, backing off while it cannot. Every step
 * goes to a short timeline. Stopping (a bundle update) leaves bridge, address and lease as they are.
 */
final class BootManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BootManager.class);
    private static final int TIMELINE_LENGTH = 100;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final HostNetworking host;
    private final NetworkNamespace node;
    private final NodeParameters parameters;
    private final BootSettings settings;
    private final boolean managed;
    private final Supplier<List<String>> candidates;
    private final Consumer<ConnectivityStatus> publisher;
    private final UplinkBridge bridge;
    private final BootStateFile stateFile;
    private final Udhcpc udhcpc;
    private final NicProber prober;
    private final InetSocketAddress registry;
    private final ExecutorService notifier;
    private final Thread thread;

    // guarded by this
    private ConnectivityState state;
    private Instant since = Instant.now();
    private String uplinkNic;
    private String choice = "not chosen yet";
    private Lease lease;
    private List<NicProbe> probes = List.of();
    private final Deque<BootEvent> timeline = new ArrayDeque<>();
    private DhcpClient dhcp;
    private volatile boolean stopped;
    /** Set by a new lease: the online check runs at once instead of after its backoff. */
    private final Object recheck = new Object();
    private boolean recheckRequested;

    /**
     * @param managed whether boot may change the node's namespace (the operator's opt-in)
     * @param candidates the NICs that count as the node's own, in the node's namespace
     */
    BootManager(HostNetworking host, NetworkNamespace node, NodeParameters parameters, BootSettings settings,
            boolean managed, Supplier<List<String>> candidates, Consumer<ConnectivityStatus> publisher)
            throws IOException {
        this.host = host;
        this.node = node;
        this.parameters = parameters;
        this.settings = settings;
        this.managed = managed;
        this.candidates = candidates;
        this.publisher = publisher;
        this.bridge = new UplinkBridge(node, settings.bridge());
        this.stateFile = new BootStateFile(settings.stateDirectory().resolve("boot.properties"));
        this.udhcpc = managed ? new Udhcpc(settings.udhcpc(), settings.stateDirectory()) : null;
        this.prober = managed ? new NicProber(host, node, udhcpc, settings.namespacePrefix(), settings.carrierWait(),
                settings.dhcpTimeout(), this::event) : null;
        this.registry = parameters.registry() == null ? null
                : InetSocketAddress.createUnresolved(parameters.registry().getHost(),
                        BootParameters.registryPort(parameters.registry()));
        this.state = managed ? ConnectivityState.PROBING : ConnectivityState.UNMANAGED;
        this.notifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "boot-notify");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::run, "boot");
        thread.setDaemon(true);
        parameters.problems().forEach(p -> event("boot parameter problem: " + p));
    }

    void start() {
        thread.start();
    }

    // ---- the boot thread ----

    private void run() {
        try {
            if (!managed) {
                event("not managing the node's NICs (manageOwnNamespace is off): reading only");
                publish();
                return;
            }
            if (!adopt()) {
                bootstrap();
            }
            stayOnline();
        } catch (InterruptedException e) {
            // stopping
        } catch (RuntimeException e) {
            if (!stopped) {
                LOG.error("Boot stopped on an unexpected error", e);
                event("boot stopped on an unexpected error: " + e.getMessage());
            }
        }
    }

    /** An existing bridge with a NIC is taken over as it is: no probe, no lost lease, no traffic gap. */
    private boolean adopt() {
        if (!bridge.exists()) {
            return false;
        }
        Optional<String> port = bridge.existingUplink();
        if (port.isEmpty()) {
            event(bridge.name() + " exists without a NIC: removing it and probing");
            bridge.dismantle();
            return false;
        }
        Optional<BootStateFile.Saved> saved = stateFile.load();
        Optional<Address> held = bridge.ipv4Address();
        synchronized (this) {
            uplinkNic = port.get();
            choice = saved.filter(s -> s.uplinkNic().equals(port.get())).map(BootStateFile.Saved::choice)
                    .orElse(port.get() + ": adopted (it was already the uplink)");
        }
        event("adopted " + bridge.name() + " on " + port.get() + held.map(a -> " with " + a.cidr()).orElse("")
                + ": no probe");
        keepLease();
        return true;
    }

    private void bootstrap() throws InterruptedException {
        Duration backoff = Duration.ofSeconds(1);
        for (int round = 1; !stopped; round++) {
            List<String> nics = candidates.get().stream().filter(n -> !n.equals(bridge.name())).toList();
            String failure = parameters.staticAddress() != null ? bootStatic(nics) : bootDhcp(nics, round);
            if (failure == null) {
                return;
            }
            event("round " + round + ": " + failure + "; next round in " + backoff.toSeconds() + " s");
            publish();
            Thread.sleep(backoff.toMillis());
            backoff = min(backoff.multipliedBy(2), settings.backoffCap());
        }
        throw new InterruptedException();
    }

    /** Returns null once the bridge is built on the chosen NIC, else why not. */
    private String bootDhcp(List<String> nics, int round) throws InterruptedException {
        if (nics.isEmpty()) {
            return "no candidate NIC";
        }
        event("round " + round + ": probing " + String.join(", ", nics) + " in parallel");
        List<NicProbe> results = prober.probeAll(nics, registry);
        NicChooser.Choice decided = NicChooser.choose(results, parameters.bootNic());
        synchronized (this) {
            probes = decided.probes();
            choice = decided.reason();
        }
        decided.probes().forEach(p -> event("  " + p.nic() + ": " + p.reason()));
        if (decided.nic().isEmpty()) {
            return decided.reason();
        }
        return buildOn(decided.nic().get(), decided.reason());
    }

    /** Farms without DHCP: the forced NIC (or the first one with carrier) with the static address. */
    private String bootStatic(List<String> nics) throws InterruptedException {
        String nic = parameters.bootNic();
        if (nic == null) {
            for (String candidate : nics) {
                node.setUp(candidate);
            }
            Thread.sleep(settings.carrierWait().toMillis());
            nic = nics.stream().filter(n -> node.link(n).map(Link::carrier).orElse(false)).findFirst().orElse(null);
            if (nic == null) {
                return "static configuration: no NIC with carrier";
            }
        }
        String why = nic + ": static configuration " + parameters.staticAddress() + " via "
                + IpAddresses.format(parameters.staticGateway()) + (parameters.bootNic() != null ? " (zos.nic)" : "");
        synchronized (this) {
            choice = why;
        }
        return buildOn(nic, why);
    }

    private String buildOn(String nic, String why) {
        String port = nic;
        try {
            if (parameters.vlan() > 0) {
                port = nic + "." + parameters.vlan();
                node.createLink(LinkSpec.vlan(port, nic, parameters.vlan()));
            }
            bridge.build(port);
        } catch (HostNetworkException e) {
            if (!port.equals(nic)) {
                try {
                    node.deleteLink(port);
                } catch (HostNetworkException ignored) {
                    // it was not created
                }
            }
            return "cannot build " + bridge.name() + " on " + port + ": " + e.getMessage();
        }
        synchronized (this) {
            uplinkNic = port;
        }
        try {
            stateFile.save(port, why);
        } catch (IOException e) {
            event("could not save the boot state (" + e.getMessage() + "); a restart will adopt " + bridge.name()
                    + " anyway");
        }
        event("built " + bridge.name() + " on " + port + " (MAC of " + nic + "): " + why);
        // a DHCP request sent before the bridge has carrier is lost and costs a retry interval
        awaitCarrier(bridge.name());
        keepLease();
        return null;
    }

    private void awaitCarrier(String link) {
        long deadline = System.nanoTime() + settings.carrierWait().toNanos();
        while (System.nanoTime() < deadline && !node.link(link).map(Link::carrier).orElse(false)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The static address, or a DHCP client on the bridge for the life of the node. */
    private void keepLease() {
        if (parameters.staticAddress() != null) {
            Lease fixed = new Lease(parameters.staticAddress(), parameters.staticGateway(), List.of(), null, null, 0,
                    Instant.now(), null);
            bridge.apply(fixed, bridge.ipv4Address().orElse(null));
            synchronized (this) {
                lease = fixed;
            }
            publish();
            return;
        }
        DhcpClient client = new DhcpClient(udhcpc, node, bridge.name(),
                () -> bridge.ipv4Address().map(a -> IpAddresses.format(a.cidr().address())).orElse(null),
                this::onDhcpEvent, this::event);
        synchronized (this) {
            dhcp = client;
        }
    }

    private void onDhcpEvent(DhcpEvent e) {
        switch (e.event()) {
            case "bound", "renew" -> {
                Lease granted = e.lease(Instant.now());
                Address previous = bridge.ipv4Address().orElse(null);
                bridge.apply(granted, previous);
                Lease before;
                synchronized (this) {
                    before = lease;
                    lease = granted;
                }
                if (before == null || !before.address().equals(granted.address())) {
                    event("lease " + granted.address() + " via " + gateway(granted) + " from "
                            + (granted.server() == null ? "?" : IpAddresses.format(granted.server())) + " for "
                            + granted.seconds() + " s" + (previous != null && !previous.cidr().equals(granted.address())
                                    ? " (was " + previous.cidr() + ")" : ""));
                } else {
                    LOG.debug("Lease {} renewed for {} s", granted.address(), granted.seconds());
                }
                requestRecheck();
                publish();
            }
            case "deconfig" -> {
                Lease held;
                synchronized (this) {
                    held = lease;
                }
                if (held != null) {
                    event("DHCP lost the lease; " + held.address() + " stays until it expires at "
                            + CLOCK.format(held.expires()));
                }
            }
            case "leasefail" -> event("no DHCP answer on " + bridge.name() + "; retrying, the address stays until expiry");
            case "nak" -> event("the DHCP server refused the lease (NAK); asking again");
            default -> LOG.debug("udhcpc event {}", e.event());
        }
    }

    private static String gateway(Lease lease) {
        return lease.gateway() == null ? "no gateway" : IpAddresses.format(lease.gateway());
    }

    /** Checks, forever, that the registry can be reached; backs off while it cannot. */
    private void stayOnline() throws InterruptedException {
        Duration backoff = Duration.ofSeconds(1);
        while (!stopped) {
            String unreachable = onlineCheck();
            if (unreachable == null) {
                changeState(ConnectivityState.ONLINE, registry == null
                        ? "online: default route present (no registry configured)"
                        : "online: registry " + registry.getHostString() + ":" + registry.getPort() + " reachable");
                backoff = Duration.ofSeconds(1);
                awaitRecheck(settings.onlineCheckInterval());
            } else {
                ConnectivityState next;
                synchronized (this) {
                    next = state == ConnectivityState.PROBING ? ConnectivityState.PROBING : ConnectivityState.DEGRADED;
                }
                changeState(next, null);
                event("not online: " + unreachable + "; next check in " + backoff.toSeconds() + " s");
                awaitRecheck(backoff);
                backoff = min(backoff.multipliedBy(2), settings.backoffCap());
            }
        }
    }

    private void requestRecheck() {
        synchronized (recheck) {
            recheckRequested = true;
            recheck.notifyAll();
        }
    }

    /** Waits {@code interval}, or less when a new lease asks for a check. */
    private void awaitRecheck(Duration interval) throws InterruptedException {
        long deadline = System.nanoTime() + interval.toNanos();
        synchronized (recheck) {
            while (!recheckRequested) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                recheck.wait(Math.max(1, left / 1_000_000));
            }
            recheckRequested = false;
        }
    }

    private String onlineCheck() {
        if (node.defaultGateway(AddressFamily.IPV4).isEmpty() && node.defaultGateway(AddressFamily.IPV6).isEmpty()) {
            return "no default route";
        }
        if (registry == null) {
            return null;
        }
        String failure = Reachability.check(node, registry, Duration.ofSeconds(3));
        return failure == null ? null : "registry " + registry.getHostString() + ":" + registry.getPort() + " "
                + failure;
    }

    private void changeState(ConnectivityState next, String why) {
        boolean changed;
        synchronized (this) {
            changed = state != next;
            if (changed) {
                state = next;
                since = Instant.now();
            }
        }
        if (changed) {
            if (why != null) {
                event(why);
            } else {
                event("state " + next);
            }
            publish();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    // ---- status ----

    void event(String message) {
        LOG.info("{}", message);
        synchronized (this) {
            timeline.addLast(new BootEvent(Instant.now(), message));
            while (timeline.size() > TIMELINE_LENGTH) {
                timeline.removeFirst();
            }
        }
    }

    ConnectivityStatus status() {
        List<Cidr> ipv6 = List.of();
        java.net.InetAddress gateway6 = null;
        boolean bridgeExists = false;
        try {
            bridgeExists = managed && bridge.exists();
            if (bridgeExists) {
                ipv6 = node.addresses(bridge.name()).stream()
                        .filter(a -> a.family() == AddressFamily.IPV6 && a.scope() == AddressScope.UNIVERSE)
                        .map(Address::cidr).toList();
                gateway6 = node.defaultGateway(AddressFamily.IPV6).orElse(null);
            }
        } catch (HostNetworkException e) {
            LOG.debug("Reading the bridge for the status failed: {}", e.getMessage());
        }
        synchronized (this) {
            return new ConnectivityStatus(state, bridgeExists ? bridge.name() : null, uplinkNic, choice, lease, ipv6,
                    gateway6, probes, parameters, since, new ArrayList<>(timeline));
        }
    }

    private void publish() {
        if (!notifier.isShutdown()) {
            notifier.execute(() -> publisher.accept(status()));
        }
    }

    /** Stops boot's threads and its DHCP client; the bridge, its address and the lease stay. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(30_000); // a probe round in progress puts its NICs back first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DhcpClient client;
        synchronized (this) {
            client = dhcp;
        }
        if (client != null) {
            client.close();
        }
        notifier.shutdown();
    }

    long dhcpPid() {
        DhcpClient client;
        synchronized (this) {
            client = dhcp;
        }
        return client == null ? -1 : client.pid();
    }
}
