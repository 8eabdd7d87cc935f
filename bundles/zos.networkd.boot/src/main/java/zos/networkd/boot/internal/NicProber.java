package zos.networkd.boot.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.networkd.api.boot.Lease;
import zos.networkd.api.boot.NicProbe;
import zos.networkd.api.boot.ProbeOutcome;
import zos.networkd.api.host.Address;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.AddressScope;
import zos.networkd.api.host.AddressSpec;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.Link;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.api.host.RouteSpec;

/**
 * Probes NICs in parallel, each in a namespace of its own: the NIC is moved there, brought up,
 * waited on for carrier, asked for a DHCP lease, the lease applied there and the registry dialled
 * through it. Two DHCP servers on two NICs cannot confuse each other that way. Afterwards every NIC
 * goes back to the node's namespace as it was found (admin state, MTU, static addresses).
 */
final class NicProber {
    private static final Logger LOG = LoggerFactory.getLogger(NicProber.class);

    private final HostNetworking host;
    private final NetworkNamespace node;
    private final Udhcpc udhcpc;
    private final String namespacePrefix;
    private final Duration carrierWait;
    private final Duration dhcpTimeout;
    private final Consumer<String> timeline;

    NicProber(HostNetworking host, NetworkNamespace node, Udhcpc udhcpc, String namespacePrefix, Duration carrierWait,
            Duration dhcpTimeout, Consumer<String> timeline) {
        this.host = host;
        this.node = node;
        this.udhcpc = udhcpc;
        this.namespacePrefix = namespacePrefix;
        this.carrierWait = carrierWait;
        this.dhcpTimeout = dhcpTimeout;
        this.timeline = timeline;
    }

    String probeNamespace(String nic) {
        return namespacePrefix + "probe-" + nic;
    }

    /** Probes all NICs at once; results in the order of {@code nics}. */
    List<NicProbe> probeAll(List<String> nics, InetSocketAddress registry) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, nics.size()), r -> {
            Thread t = new Thread(r, "nic-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<NicProbe>> running = new ArrayList<>();
            for (String nic : nics) {
                running.add(pool.submit(() -> probe(nic, registry)));
            }
            List<NicProbe> results = new ArrayList<>();
            for (int i = 0; i < nics.size(); i++) {
                try {
                    results.add(running.get(i).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    results.add(new NicProbe(nics.get(i), ProbeOutcome.FAILED, "probe failed: " + e.getCause().getMessage(),
                            null, List.of(), Duration.ZERO));
                }
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    /** Probes one NIC; always puts it back. */
    NicProbe probe(String nic, InetSocketAddress registry) throws Exception {
        long start = System.nanoTime();
        Link before = node.link(nic).orElse(null);
        if (before == null) {
            return result(nic, ProbeOutcome.FAILED, "no such link", null, List.of(), start);
        }
        List<Address> staticAddresses = node.addresses(nic).stream()
                .filter(a -> a.isPermanent() && a.scope() != AddressScope.LINK).toList();
        String temporary = probeNamespace(nic);
        recoverLeftover(temporary);
        NetworkNamespace isolated = host.createNamespace(temporary);
        try {
            node.moveTo(nic, isolated);
            try {
                return probeInside(isolated, nic, registry, start);
            } finally {
                putBack(isolated, nic, before, staticAddresses);
            }
        } finally {
            host.deleteNamespace(temporary);
        }
    }

    private NicProbe probeInside(NetworkNamespace isolated, String nic, InetSocketAddress registry, long start)
            throws Exception {
        isolated.setAcceptRa(nic, 2);
        isolated.setUp(nic);
        if (!awaitCarrier(isolated, nic)) {
            return result(nic, ProbeOutcome.NO_CARRIER, "no carrier in " + carrierWait.toSeconds() + " s", null,
                    List.of(), start);
        }
        Optional<Lease> offered = udhcpc.probe(isolated, nic, dhcpTimeout);
        List<Cidr> ipv6 = globalIpv6(isolated, nic);
        if (offered.isEmpty()) {
            return result(nic, ProbeOutcome.NO_DHCP_OFFER, "no DHCP offer in " + dhcpTimeout.toSeconds() + " s", null,
                    ipv6, start);
        }
        Lease lease = offered.get();
        if (lease.gateway() == null) {
            return result(nic, ProbeOutcome.NO_GATEWAY, "lease " + lease.address() + " without default gateway", lease,
                    ipv6, start);
        }
        if (registry == null) {
            return result(nic, ProbeOutcome.NOT_CHOSEN, "lease " + lease.address() + " via "
                    + IpAddresses.format(lease.gateway()), lease, ipv6, start);
        }
        isolated.addAddress(nic, AddressSpec.of(lease.address()));
        isolated.addRoute(RouteSpec.defaultRoute(AddressFamily.IPV4).via(lease.gateway()).dev(nic));
        String unreachable = Reachability.check(isolated, registry, Duration.ofSeconds(3));
        if (unreachable != null) {
            return result(nic, ProbeOutcome.REGISTRY_UNREACHABLE, "registry unreachable through "
                    + IpAddresses.format(lease.gateway()) + ": " + unreachable, lease, ipv6, start);
        }
        return result(nic, ProbeOutcome.NOT_CHOSEN, "lease " + lease.address() + " via "
                + IpAddresses.format(lease.gateway()) + ", registry reachable", lease, ipv6, start);
    }

    private boolean awaitCarrier(NetworkNamespace ns, String nic) throws InterruptedException {
        long deadline = System.nanoTime() + carrierWait.toNanos();
        do {
            if (ns.link(nic).map(Link::carrier).orElse(false)) {
                return true;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static List<Cidr> globalIpv6(NetworkNamespace ns, String nic) {
        return ns.addresses(nic).stream()
                .filter(a -> a.family() == AddressFamily.IPV6 && a.scope() == AddressScope.UNIVERSE)
                .map(Address::cidr).toList();
    }

    /** Moving a link between namespaces drops its addresses and takes it down: restore what it had. */
    private void putBack(NetworkNamespace isolated, String nic, Link before, List<Address> staticAddresses) {
        try {
            isolated.setDown(nic);
            isolated.moveTo(nic, node);
            if (before.mtu() != node.link(nic).map(Link::mtu).orElse(before.mtu())) {
                node.setMtu(nic, before.mtu());
            }
            for (Address address : staticAddresses) {
                node.addAddress(nic, AddressSpec.of(address.cidr()));
            }
            if (before.adminUp()) {
                node.setUp(nic);
            }
        } catch (RuntimeException e) {
            LOG.error("Could not put NIC {} back after its probe: {}", nic, e.getMessage());
            timeline.accept("could not put " + nic + " back after its probe: " + e.getMessage());
        }
    }

    /** A probe namespace left by a crash may still hold a NIC: bring it home before deleting it. */
    private void recoverLeftover(String temporary) {
        if (!host.namespaceExists(temporary)) {
            return;
        }
        NetworkNamespace leftover = host.namespace(temporary);
        for (Link link : leftover.links()) {
            if (!link.isLoopback()) {
                leftover.setDown(link.name());
                leftover.moveTo(link.name(), node);
                timeline.accept("recovered " + link.name() + " from a leftover probe namespace");
            }
        }
        host.deleteNamespace(temporary);
    }

    private static NicProbe result(String nic, ProbeOutcome outcome, String reason, Lease lease, List<Cidr> ipv6,
            long start) {
        return new NicProbe(nic, outcome, reason, lease, ipv6, Duration.ofNanos(System.nanoTime() - start));
    }
}
