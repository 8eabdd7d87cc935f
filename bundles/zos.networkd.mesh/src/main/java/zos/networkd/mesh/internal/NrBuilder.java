package zos.networkd.mesh.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import zos.networkd.api.host.Address;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.AddressSpec;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.Link;
import zos.networkd.api.host.LinkSpec;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.api.host.Route;
import zos.networkd.api.host.RouteSpec;
import zos.networkd.api.mesh.MeshAddressing;
import zos.networkd.api.mesh.NrLayout;
import zos.networkd.api.mesh.Workload;
import zos.networkd.api.nftables.NftFamily;
import zos.networkd.api.nftables.NftablesService;
import zos.networkd.api.wireguard.DeviceConfig;
import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.WireguardService;

/**
 * Makes a network resource's parts be what its plan says, part by part, each checked before it is
 * touched (so an intact resource is only read), and takes them away again.
 *
 * <pre>
 *  node namespace                                   resource namespace (zmn…)
 *  zmb… bridge ── zmv… ═══ veth ═══ zmg…  &lt;subnet&gt;.1/24, ULA::1/64, fe80::1
 *     └── zmj… ═══ veth ═══ workload's eth0                  │ forward (nft inet zos-nr)
 *  zmx… 100.127.x.y/31 ═══ veth ═══ zmu…  default route ─────┤ masquerade out of zmu…
 *  WireGuard socket (UDP port) ─────── zmw… 100.64.b.c/16, routes: the network's range and ULA /48
 * </pre>
 */
final class NrBuilder {
    /** The change a declared change of peers, port or key makes: not a repair. */
    static final String WIREGUARD_CONFIGURATION = "WireGuard configuration of ";
    private final HostNetworking host;
    private final WireguardService wireguard;
    private final NftablesService nft;
    private final NodeSetup node;

    NrBuilder(HostNetworking host, WireguardService wireguard, NftablesService nft, NodeSetup node) {
        this.host = host;
        this.wireguard = wireguard;
        this.nft = nft;
        this.node = node;
    }

    /** Brings every part of the resource to the plan (or, inspecting, lists what differs). */
    void realize(NrPlan p, Session s) {
        NrLayout l = p.layout();
        String ns = l.namespace();
        long begin = System.nanoTime();
        if (!s.ensure("namespace " + ns, () -> host.namespaceExists(ns), () -> {
            host.createNamespace(ns);
            s.made(ns);
        })) {
            return; // inspecting: nothing inside to look at
        }
        NetworkNamespace nr = host.namespace(ns);
        NetworkNamespace nodeNs = node.node();
        s.timed("open namespaces", System.nanoTime() - begin);
        sysctl(nr, "net.ipv4.ip_forward", s);
        sysctl(nr, "net.ipv6.conf.all.forwarding", s);

        // the workloads' bridge, on the node
        s.ensure("bridge " + l.bridge(), () -> nodeNs.link(l.bridge()).isPresent(), () -> {
            nodeNs.createLink(LinkSpec.bridge(l.bridge()));
            s.made(l.bridge());
        });
        Optional<Link> bridge = nodeNs.link(l.bridge());
        if (bridge.isEmpty()) {
            return;
        }
        nodeSideLink(nodeNs, l.bridge(), null, s);

        // the gateway: a veth from the bridge into the resource
        veth(nodeNs, l.bridgePort(), nr, l.gateway(), ns, s);
        nodeSideLink(nodeNs, l.bridgePort(), bridge.get(), s);
        addresses(nr, l.gateway(), List.of(AddressSpec.of(p.gateway4()), AddressSpec.of(p.gateway6()).withNoDad(),
                AddressSpec.of(NrPlan.GATEWAY_LINK_LOCAL).withNoDad()), s);
        up(nr, l.gateway(), s);

        // the uplink: a veth to the node, the resource's default route
        veth(nodeNs, l.uplinkNode(), nr, l.uplink(), ns, s);
        addresses(nodeNs, l.uplinkNode(), List.of(AddressSpec.of(p.uplinkNode4()),
                AddressSpec.of(p.uplinkNode6()).withNoDad()), s);
        sysctlIfPresent(nodeNs, l.uplinkNode(), "net.ipv4.conf." + l.uplinkNode() + ".forwarding", s);
        up(nodeNs, l.uplinkNode(), s);
        addresses(nr, l.uplink(), List.of(AddressSpec.of(p.uplink4()), AddressSpec.of(p.uplink6()).withNoDad()), s);
        up(nr, l.uplink(), s);
        defaultRoute(nr, ns, AddressFamily.IPV4, p.uplinkNode4().address(), l.uplink(), true, s);
        defaultRoute(nr, ns, AddressFamily.IPV6, p.uplinkNode6().address(), l.uplink(), node.hasIpv6(), s);

        // NAT and isolation
        if (s.repairing()) {
            long start = System.nanoTime();
            if (nft.apply(ns, MeshTables.resource(l))) {
                s.changed("nftables table inet " + l.nftTable());
            }
            s.timed("nftables", System.nanoTime() - start);
        } else if (!nft.tables(ns, NftFamily.INET).contains(l.nftTable())) {
            s.problem("nftables table inet " + l.nftTable() + " is missing");
        }

        wireguard(p, nr, s);
    }

    private void wireguard(NrPlan p, NetworkNamespace nr, Session s) {
        String name = p.layout().wireguard();
        DeviceSpec spec = p.deviceSpec();
        DeviceConfig config = p.deviceConfig();
        if (!wireguard.exists(name)) {
            s.ensure("WireGuard device " + name, () -> false, () -> {
                wireguard.create(spec, config);
                s.onUndo("delete WireGuard device " + name, () -> wireguard.delete(name));
            });
            return;
        }
        // wireguard-go takes its TUN with it when it dies: an interface in place means a device that runs
        boolean placed = nr.link(name).isPresent();
        boolean fine = s.ensure("WireGuard device " + name + " running in " + p.namespace(), () -> placed, () -> {
            wireguard.delete(name);
            wireguard.create(spec, config);
        });
        if (fine && placed) {
            s.ensure(WIREGUARD_CONFIGURATION + name, () -> wireguard.config(name).equals(config),
                    () -> s.device(wireguard.configure(name, config)));
        }
    }

    /** Takes the whole resource away; safe on a partial one, and on one that is already gone. */
    void remove(NrLayout l, List<Workload> workloads) {
        NetworkNamespace nodeNs = node.node();
        for (Workload w : workloads) {
            deleteIfPresent(nodeNs, w.hostLink());
        }
        if (wireguard.exists(l.wireguard())) {
            wireguard.delete(l.wireguard());
        }
        nft.release(l.namespace());
        if (host.namespaceExists(l.namespace())) {
            host.deleteNamespace(l.namespace());
        }
        // the node's ends of the veths go with the namespace once the kernel has torn it down
        long deadline = System.nanoTime() + 2_000_000_000L;
        while ((nodeNs.link(l.bridgePort()).isPresent() || nodeNs.link(l.uplinkNode()).isPresent())
                && System.nanoTime() < deadline) {
            sleep(5);
        }
        deleteIfPresent(nodeNs, l.bridgePort());
        deleteIfPresent(nodeNs, l.uplinkNode());
        deleteIfPresent(nodeNs, l.bridge());
    }

    // ---- workloads ----

    /** Attaches (or repairs) a workload: veth from the bridge into its namespace, addresses, routes. */
    void attach(NrPlan p, Workload w, Session s) {
        NrLayout l = p.layout();
        NetworkNamespace nodeNs = node.node();
        NetworkNamespace wl = host.namespace(w.namespace());
        Optional<Link> bridge = nodeNs.link(l.bridge());
        if (bridge.isEmpty()) {
            s.problem("bridge " + l.bridge() + " is missing");
            return;
        }
        boolean ours = nodeNs.link(w.hostLink()).isPresent();
        if (!ours && wl.link(w.interfaceName()).isPresent()) {
            throw new IllegalArgumentException("workload '" + w.workloadId() + "': " + wl.describe() + " already has an "
                    + "interface named '" + w.interfaceName() + "'");
        }
        veth(nodeNs, w.hostLink(), wl, w.interfaceName(), w.namespace(), s);
        nodeSideLink(nodeNs, w.hostLink(), bridge.get(), s);
        addresses(wl, w.interfaceName(), List.of(AddressSpec.of(w.address()), AddressSpec.of(w.ula()).withNoDad()), s);
        up(wl, w.interfaceName(), s);
        defaultRoute(wl, w.namespace(), AddressFamily.IPV4, p.gateway4().address(), w.interfaceName(), true, s);
        Cidr networkUla = MeshAddressing.networkUla(p.networkId());
        s.ensure("route to " + networkUla + " in " + w.namespace(), s.unlessFresh(w.interfaceName(),
                () -> wl.routes(AddressFamily.IPV6).stream().anyMatch(r -> r.destination().equals(networkUla))),
                () -> wl.replaceRoute(RouteSpec.to(networkUla).via(p.gateway6().address()).dev(w.interfaceName())));
        // an IPv6 default route only where the node has IPv6 (the original gave one everywhere: #972)
        defaultRoute(wl, w.interfaceName(), AddressFamily.IPV6, p.gateway6().address(), w.interfaceName(),
                w.ipv6DefaultRoute(), s);
    }

    /** Removes a workload's veth (both ends go). */
    void detach(Workload w) {
        deleteIfPresent(node.node(), w.hostLink());
    }

    /** Addresses of the subnet workloads hold or the gateway has. */
    static Set<InetAddress> taken(NrRecord record) {
        Set<InetAddress> taken = record.workloads().stream().map(w -> w.address().address()).collect(Collectors.toSet());
        taken.add(MeshAddressing.gateway(record.resource().subnet()).address());
        return taken;
    }

    // ---- parts ----

    private static void sysctl(NetworkNamespace ns, String key, Session s) {
        s.ensure(key + " = 1 in " + ns.name(), s.unlessFresh(ns.name(), () -> "1".equals(ns.sysctl(key))),
                () -> ns.setSysctl(key, "1"));
    }

    private static void sysctlIfPresent(NetworkNamespace ns, String link, String key, Session s) {
        if (s.fresh(link) || ns.link(link).isPresent()) {
            s.ensure(key + " = 1 in " + ns.name(), s.unlessFresh(link, () -> "1".equals(ns.sysctl(key))),
                    () -> ns.setSysctl(key, "1"));
        }
    }

    /** A veth with one end in {@code a} (named {@code nameA}) and the other in the named namespace {@code nsB}. */
    private static void veth(NetworkNamespace a, String nameA, NetworkNamespace b, String nameB, String nsB, Session s) {
        s.ensure("veth " + nameA + " / " + nameB, s.unlessFresh(nsB,
                () -> a.link(nameA).isPresent() && b.link(nameB).isPresent()), () -> {
                    deleteIfPresent(a, nameA); // an end whose peer is gone
                    a.createLink(LinkSpec.veth(nameA, nameB, nsB));
                    s.made(nameA);
                    s.made(nameB);
                    s.onUndo("delete veth " + nameA, () -> deleteIfPresent(a, nameA));
                });
    }

    /**
     * A link of the node that belongs to a resource: no IPv6 (the node must not be reachable over
     * link-local from workloads), on its bridge when {@code master} is given, up.
     */
    private static void nodeSideLink(NetworkNamespace nodeNs, String name, Link master, Session s) {
        Optional<Link> link = s.fresh(name) ? Optional.empty() : nodeNs.link(name);
        if (!s.fresh(name) && link.isEmpty()) {
            return; // inspecting a missing link: already noted
        }
        String key = "net.ipv6.conf." + name + ".disable_ipv6";
        s.ensure("no IPv6 on " + name, s.unlessFresh(name, () -> "1".equals(nodeNs.sysctl(key))),
                () -> nodeNs.setIpv6Disabled(name, true));
        if (master != null) {
            s.ensure(name + " on bridge " + master.name(),
                    s.unlessFresh(name, () -> link.map(k -> k.masterIndex() == master.index()).orElse(false)),
                    () -> nodeNs.setMaster(name, master.name()));
        }
        s.ensure(name + " up", s.unlessFresh(name, () -> link.map(Link::adminUp).orElse(false)),
                () -> nodeNs.setUp(name));
    }

    private static void up(NetworkNamespace ns, String name, Session s) {
        if (s.fresh(name)) {
            s.ensure(name + " up", () -> false, () -> ns.setUp(name));
            return;
        }
        Optional<Link> link = ns.link(name);
        if (link.isEmpty()) {
            return;
        }
        s.ensure(name + " up", () -> link.get().adminUp(), () -> ns.setUp(name));
    }

    private static void addresses(NetworkNamespace ns, String link, List<AddressSpec> wanted, Session s) {
        Set<Cidr> present;
        if (s.fresh(link)) {
            present = Set.of();
        } else if (ns.link(link).isEmpty()) {
            return;
        } else {
            present = ns.addresses(link).stream().map(Address::cidr).collect(Collectors.toSet());
        }
        for (AddressSpec a : wanted) {
            s.ensure("address " + a.cidr() + " on " + link, () -> present.contains(a.cidr()),
                    () -> ns.replaceAddress(link, a));
        }
    }

    /**
     * The default route via {@code gateway}, or (when not {@code wanted}) none of that family.
     * {@code freshWhen}: the namespace or link whose freshness means there is no route yet.
     */
    private static void defaultRoute(NetworkNamespace ns, String freshWhen, AddressFamily family, InetAddress gateway,
            String link, boolean wanted, Session s) {
        if (!s.fresh(freshWhen) && !s.fresh(link) && ns.link(link).isEmpty()) {
            return;
        }
        List<Route> defaults = s.fresh(freshWhen) || s.fresh(link) ? List.of()
                : ns.routes(family).stream().filter(Route::isDefault).toList();
        if (wanted) {
            s.ensure("default route (" + family + ") via " + IpAddresses.format(gateway) + " in " + ns.name(),
                    () -> defaults.size() == 1 && gateway.equals(defaults.get(0).gateway()),
                    () -> ns.replaceRoute(RouteSpec.defaultRoute(family).via(gateway).dev(link)));
        } else {
            s.ensure("no default route (" + family + ") in " + ns.name(), defaults::isEmpty,
                    () -> ns.deleteRoute(RouteSpec.defaultRoute(family)));
        }
    }

    private static void deleteIfPresent(NetworkNamespace ns, String link) {
        if (ns.link(link).isPresent()) {
            try {
                ns.deleteLink(link);
            } catch (RuntimeException e) {
                if (ns.link(link).isPresent()) {
                    throw e;
                }
                // went away by itself meanwhile (its peer's namespace was torn down)
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
