package zos.networkd.mesh.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import zos.networkd.api.ports.PortRange;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.nftables.internal.NftablesComponent;
import zos.networkd.ports.internal.PortLeasesComponent;
import zos.networkd.testlab.Lab;
import zos.networkd.wireguard.internal.WireguardComponent;

/**
 * A lab "node": a namespace standing in for a node's own namespace, with an uplink veth {@code zos}
 * into the lab's Internet, and the node's services (host networking, nftables, WireGuard with
 * wireguard-go, port leases, the mesh) started on it with state in a directory of its own. Several
 * run on one machine, as in production they run on several.
 */
final class LabNode {
    final Lab lab;
    final String shortName;
    final String ns;
    final String address4;
    final String address6;
    final Path state;
    NetlinkHostNetworking host;
    NftablesComponent nft;
    WireguardComponent wireguard;
    PortLeasesComponent ports;
    MeshComponent mesh;
    private Thread emergencyCleanup;

    /**
     * @param internet the lab's Internet namespace, with its switch {@code br0}
     * @param address4 the node's uplink address in 198.51.100.0/24 (router .1)
     * @param address6 its IPv6 in 2001:db8:100::/64 (router ::1), null for an IPv4-only node
     */
    LabNode(Lab lab, String shortName, String internet, String address4, String address6) throws IOException {
        this.lab = lab;
        this.shortName = shortName;
        this.address4 = address4;
        this.address6 = address6;
        ns = lab.namespace("node" + shortName);
        lab.veth(ns, "zos", internet, "n" + shortName);
        lab.runIn(internet, "ip", "link", "set", "n" + shortName, "master", "br0", "up");
        lab.runIn(ns, "ip", "addr", "add", address4 + "/24", "dev", "zos");
        lab.runIn(ns, "ip", "link", "set", "zos", "up");
        lab.runIn(ns, "ip", "route", "add", "default", "via", "198.51.100.1");
        if (address6 != null) {
            lab.runIn(ns, "ip", "addr", "add", address6 + "/64", "dev", "zos", "nodad");
            lab.runIn(ns, "ip", "-6", "route", "add", "default", "via", "2001:db8:100::1");
        }
        state = Files.createTempDirectory("zos-mesh-" + shortName);
    }

    /** The lab's Internet: a switch with the router's addresses and a host beyond it (203.0.113.10, 2001:db8:ffff::10). */
    static String internet(Lab lab) {
        String inet = lab.namespace("inet");
        lab.runIn(inet, "ip", "link", "add", "name", "br0", "type", "bridge");
        lab.runIn(inet, "ip", "addr", "add", "198.51.100.1/24", "dev", "br0");
        lab.runIn(inet, "ip", "addr", "add", "2001:db8:100::1/64", "dev", "br0", "nodad");
        lab.runIn(inet, "ip", "link", "set", "br0", "up");
        lab.runIn(inet, "ip", "addr", "add", "203.0.113.10/32", "dev", "lo");
        lab.runIn(inet, "ip", "addr", "add", "2001:db8:ffff::10/128", "dev", "lo");
        lab.runIn(inet, "sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        return inet;
    }

    String nodeId() {
        return "node-" + shortName + "-" + lab.prefix();
    }

    /** Starts the node's services, as a (re)booted node does; they reconcile with what they find. */
    LabNode start() {
        host = NetlinkHostNetworking.standalone(false);
        nft = NftablesComponent.standalone(host);
        wireguard = WireguardComponent.standaloneUserspace(host, state.resolve("wireguard"));
        ports = PortLeasesComponent.standalone(state.resolve("ports"), PortRange.parse("30000-39999"), List.of(),
                wireguard);
        mesh = MeshComponent.standalone(host, wireguard, ports, nft, ns, "zos", lab.prefix() + "-", nodeId(),
                state.resolve("mesh"));
        if (emergencyCleanup == null) {
            // an interrupted run must not leave wireguard-go processes or resource namespaces behind
            emergencyCleanup = new Thread(this::emergencyCleanup, "mesh-lab-cleanup-" + shortName);
            Runtime.getRuntime().addShutdownHook(emergencyCleanup);
        }
        return this;
    }

    private void emergencyCleanup() {
        try {
            for (String name : wireguard.names()) {
                try {
                    ProcessHandle.of(wireguard.state(name).pid()).ifPresent(ProcessHandle::destroy);
                } catch (RuntimeException ignored) {
                    // not running
                }
            }
            for (String line : lab.run("ip", "netns", "list").lines().toList()) {
                String name = line.split(" ")[0];
                if (name.startsWith(lab.prefix() + "-zmn")) {
                    lab.run("ip", "netns", "del", name);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("cleaning up lab node " + shortName + " failed: " + e);
        }
    }

    /**
     * Stops the services as a crash would: nothing is cleaned up, the data plane stays; only what
     * dies with the process (sockets, threads) goes.
     */
    void crash() {
        mesh.deactivate();
        ports.deactivate();
        wireguard.deactivate();
        nft.deactivate();
        host.deactivate();
    }

    /** Removes every resource and device of the node through its services, then stops them. */
    void shutDown() throws IOException {
        List<RuntimeException> failures = new ArrayList<>();
        if (mesh != null) {
            for (var status : mesh.list()) {
                try {
                    mesh.delete(status.networkId());
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        if (wireguard != null) {
            for (String name : wireguard.names()) {
                try {
                    wireguard.delete(name);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        if (host != null) {
            crash();
        }
        if (emergencyCleanup != null) {
            Runtime.getRuntime().removeShutdownHook(emergencyCleanup);
            emergencyCleanup = null;
        }
        try (var walk = Files.walk(state)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
