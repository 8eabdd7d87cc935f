package zos.networkd.mesh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.Names;
import zos.networkd.api.mesh.ApplyResult;
import zos.networkd.api.mesh.MeshPeer;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.NrLayout;
import zos.networkd.api.mesh.NrStatus;
import zos.networkd.api.mesh.Workload;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.testlab.CommandFailedException;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabExtension;
import zos.networkd.testlab.Wait;

/**
 * Two lab nodes, each with its services, on a lab Internet; one network with a resource on each,
 * peers pointing at each other; a workload on each. Real namespaces, real wireguard-go, real
 * nftables; {@code ping}, {@code wg}, {@code ip} and {@code nft} in the namespaces are the observers.
 * Node A has IPv6 on its uplink, node B has IPv4 only.
 */
@ExtendWith(LabExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshLabTest {
    static final String NET = "net1";
    static final Cidr RANGE = Cidr.parse("10.20.0.0/16");
    static final Cidr SUBNET_A = Cidr.parse("10.20.1.0/24");
    static final Cidr SUBNET_B = Cidr.parse("10.20.2.0/24");

    Lab lab;
    String internet;
    LabNode a;
    LabNode b;
    String workloadA;
    String workloadB;
    Workload joinedA;
    Workload joinedB;

    @BeforeAll
    void twoNodes(Lab lab) throws Exception {
        this.lab = lab;
        internet = LabNode.internet(lab);
        a = new LabNode(lab, "a", internet, "198.51.100.10", "2001:db8:100::10").start();
        b = new LabNode(lab, "b", internet, "198.51.100.20", null).start();
        workloadA = lab.namespace("wa");
        workloadB = lab.namespace("wb");
    }

    @AfterAll
    void tearDown() throws Exception {
        RuntimeException failure = null;
        for (LabNode node : new LabNode[] {a, b}) {
            if (node != null) {
                try {
                    node.shutDown();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
        }
        // anything a failed test left under the lab's prefix goes with the lab
        for (String ns : lab.run("ip", "netns", "list").lines().map(l -> l.split(" ")[0]).toList()) {
            if (ns.startsWith(lab.prefix() + "-") && !lab.namespaces().contains(ns)) {
                lab.adopt(ns);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ---- helpers ----

    static NetworkResource resource(Cidr subnet, List<MeshPeer> peers) {
        return new NetworkResource(NET, "lab network", RANGE, subnet, 0, null, peers);
    }

    static MeshPeer peer(NrStatus other, String nodeAddress, Cidr subnet) {
        return MeshPeer.of(other.publicKey(), subnet, Endpoint.parse(nodeAddress + ":" + other.listenPort()));
    }

    void ping(String fromNs, String target) {
        Wait.until(Duration.ofSeconds(15), Duration.ofMillis(200), () -> {
            lab.runIn(fromNs, "ping", "-c", "1", "-W", "1", target);
            return true;
        }, "ping " + target + " from " + fromNs);
    }

    boolean reaches(String fromNs, String target) {
        try {
            lab.runIn(fromNs, "ping", "-c", "2", "-i", "0.2", "-W", "1", target);
            return true;
        } catch (CommandFailedException e) {
            return false;
        }
    }

    String[] wgDump(LabNode node, NrLayout layout) {
        String out = lab.runIn(layout.namespace(), "wg", "show", layout.wireguard(), "dump");
        return out.strip().split("\n");
    }

    static String[] peerLine(String[] dump, NrStatus peer) {
        for (String line : dump) {
            if (line.startsWith(peer.publicKey().base64() + "\t")) {
                return line.split("\t");
            }
        }
        throw new AssertionError("no peer " + peer.publicKey() + " in " + String.join("\n", dump));
    }

    // ---- tests ----

    @Test
    @Order(1)
    void twoNodesOfOneNetworkPingThroughWireguard() {
        // each side learns the other's public key and port from its first apply, as the user's tool would
        ApplyResult createdA = a.mesh.apply(resource(SUBNET_A, List.of()));
        assertEquals(ApplyResult.Outcome.CREATED, createdA.outcome());
        NrStatus statusA = createdA.status();
        ApplyResult createdB = b.mesh.apply(resource(SUBNET_B, List.of(peer(statusA, a.address4, SUBNET_A))));
        assertEquals(ApplyResult.Outcome.CREATED, createdB.outcome());
        NrStatus statusB = createdB.status();
        ApplyResult peeredA = a.mesh.apply(resource(SUBNET_A, List.of(peer(statusB, b.address4, SUBNET_B))));
        assertEquals(ApplyResult.Outcome.CHANGED, peeredA.outcome());
        assertEquals(List.of("peers: 1 added, 0 changed, 0 removed"), peeredA.changes());

        NrLayout layoutA = statusA.layout();
        NrLayout layoutB = statusB.layout();
        for (NrLayout l : List.of(layoutA, layoutB)) {
            for (String name : List.of(l.bridge(), l.bridgePort(), l.gateway(), l.uplinkNode(), l.uplink(), l.wireguard())) {
                Names.checkInterfaceName(name);
            }
        }
        assertFalse(layoutA.wireguard().equals(layoutB.wireguard()), "names differ between the nodes");
        assertTrue(lab.run("ip", "netns", "list").contains(layoutA.namespace()));

        joinedA = a.mesh.join(NET, Workload.Request.of("wa", workloadA));
        joinedB = b.mesh.join(NET, Workload.Request.of("wb", workloadB));
        assertEquals("10.20.1.2/24", joinedA.address().toString());
        assertEquals("10.20.2.2/24", joinedB.address().toString());

        ping(workloadB, "10.20.1.2");
        ping(workloadA, "10.20.2.2");
        String ulaA = joinedA.ula().address().getHostAddress().replaceAll("%.*", "");
        ping(workloadB, joinedA.ula().toString().replaceAll("/64$", ""));
        assertTrue(ulaA.startsWith("fd"));

        // wg show in the resource's namespace: the handshake happened and traffic went through
        String[] dump = wgDump(a, layoutA);
        assertEquals(statusA.publicKey().base64(), dump[0].split("\t")[1]);
        assertEquals(Integer.toString(statusA.listenPort()), dump[0].split("\t")[2]);
        String[] peerB = dump[1].split("\t");
        assertEquals(statusB.publicKey().base64(), peerB[0]);
        assertTrue(Long.parseLong(peerB[4]) > 0, "latest handshake");
        assertTrue(Long.parseLong(peerB[5]) > 0 && Long.parseLong(peerB[6]) > 0, "rx and tx");
        assertEquals("20", peerB[7], "keepalive");
        assertTrue(peerB[3].contains("10.20.2.0/24") && peerB[3].contains("100.64.20.2/32"), peerB[3]);

        // the node's status shows the same
        NrStatus shown = a.mesh.status(NET).orElseThrow();
        assertEquals(List.of(), shown.problems());
        assertTrue(shown.peers().get(0).lastHandshake() != null && shown.peers().get(0).rxBytes() > 0);
    }

    @Test
    @Order(2)
    void ipv6DefaultRouteOnlyWhereTheNodeHasIpv6() {
        assertTrue(joinedA.ipv6DefaultRoute());
        assertFalse(joinedB.ipv6DefaultRoute(), "node B is IPv4-only (#972)");
        assertTrue(lab.runIn(workloadA, "ip", "-6", "route", "show", "default").contains("via"));
        assertEquals("", lab.runIn(workloadB, "ip", "-6", "route", "show", "default").strip());
        // the ULA reaches across the tunnel all the same
        ping(workloadA, joinedB.ula().toString().replaceAll("/64$", ""));
    }

    // ---- idempotence and changes in place ----

    /** What a node and its resource look like to the kernel's tools, without counters and timers. */
    String observe(LabNode node, NrLayout layout) throws Exception {
        StringBuilder o = new StringBuilder();
        o.append(lab.runIn(node.ns, "ip", "-d", "link", "show")).append(lab.runIn(node.ns, "ip", "addr", "show"));
        o.append(lab.runIn(node.ns, "nft", "-a", "list", "ruleset"));
        o.append(lab.runIn(layout.namespace(), "ip", "-d", "link", "show"))
                .append(lab.runIn(layout.namespace(), "ip", "addr", "show"))
                .append(lab.runIn(layout.namespace(), "ip", "route", "show"))
                .append(lab.runIn(layout.namespace(), "ip", "-6", "route", "show"))
                .append(lab.runIn(layout.namespace(), "nft", "-a", "list", "ruleset"));
        for (String line : wgDump(node, layout)) {
            String[] f = line.split("\t");
            o.append(f[0]).append(' ').append(f.length > 3 ? f[3] : f[2]).append(' ').append(f[f.length - 1]).append('\n');
        }
        o.append(node.wireguard.state(layout.wireguard()).pid());
        o.append(java.nio.file.Files.getLastModifiedTime(node.mesh.stateDirectory().resolve(NET + ".nr.json")));
        return o.toString().replaceAll("(?m)^.*(valid_lft|preferred_lft).*$", "").replaceAll("\\w+_timer\\s+[0-9.]+", "")
                .replace(" tentative", ""); // the kernel's own link-local addresses finish DAD meanwhile
    }

    NetworkResource declaredA() {
        NrStatus b = this.b.mesh.status(NET).orElseThrow();
        return resource(SUBNET_A, List.of(peer(b, this.b.address4, SUBNET_B)));
    }

    @Test
    @Order(3)
    void reapplyingTheSameResourceTouchesNothing() throws Exception {
        NrLayout layout = a.mesh.status(NET).orElseThrow().layout();
        String before = observe(a, layout);
        ApplyResult again = a.mesh.apply(declaredA());
        assertEquals(ApplyResult.Outcome.UNCHANGED, again.outcome(), again.changes().toString());
        assertEquals(List.of(), differences(before, observe(a, layout)));
    }

    static List<String> differences(String before, String after) {
        List<String> old = new java.util.ArrayList<>(before.lines().toList());
        List<String> out = new java.util.ArrayList<>();
        for (String line : after.lines().toList()) {
            if (!old.remove(line)) {
                out.add("+ " + line);
            }
        }
        old.forEach(line -> out.add("- " + line));
        return out;
    }

    @Test
    @Order(4)
    void peersChangeInPlaceWithoutDroppingTheTunnel() throws Exception {
        NrLayout layout = a.mesh.status(NET).orElseThrow().layout();
        NrStatus statusB = b.mesh.status(NET).orElseThrow();
        String handshakeBefore = peerLine(wgDump(a, layout), statusB)[4];
        long pid = a.wireguard.state(layout.wireguard()).pid();
        java.util.concurrent.CompletableFuture<String> pings = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> lab.runIn(workloadB, "ping", "-i", "0.05", "-c", "60", "-W", "1", "10.20.1.2"));
        Thread.sleep(1000);
        MeshPeer laptop = new MeshPeer(zos.networkd.api.wireguard.PrivateKey.generate().publicKey(), null,
                List.of(Cidr.parse("10.20.200.0/24")), null, 25);
        ApplyResult changed = a.mesh.apply(resource(SUBNET_A, List.of(
                new MeshPeer(statusB.publicKey(), SUBNET_B, List.of(), Endpoint.parse(b.address4 + ":" + statusB.listenPort()),
                        25), laptop)));
        assertEquals(ApplyResult.Outcome.CHANGED, changed.outcome());
        assertEquals(List.of("peers: 1 added, 1 changed, 0 removed"), changed.changes());
        String out = pings.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(out.contains("60 packets transmitted, 60 received"), out);
        String[] dump = wgDump(a, layout);
        assertEquals(3, dump.length);
        assertEquals(handshakeBefore, peerLine(dump, statusB)[4], "no new handshake: the session was kept");
        assertEquals("25", peerLine(dump, statusB)[7]);
        assertEquals(pid, a.wireguard.state(layout.wireguard()).pid(), "the same wireguard-go");
        // back to the plain declaration for the tests that follow
        assertEquals(ApplyResult.Outcome.CHANGED, a.mesh.apply(declaredA()).outcome());
    }

    // ---- NAT and isolation ----

    /** Connects from a workload to a server beyond the lab's router; returns the source address the server saw. */
    String seenFrom(LabNode node, String workload, String serverAddress) throws Exception {
        java.net.InetAddress server = zos.networkd.api.host.IpAddresses.parse(serverAddress);
        try (java.net.ServerSocket listener = node.host.namespace(internet).call(() -> {
            java.net.ServerSocket s = new java.net.ServerSocket();
            s.bind(new java.net.InetSocketAddress(server, 0));
            return s;
        })) {
            int port = listener.getLocalPort();
            java.util.concurrent.CompletableFuture<String> seen = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (java.net.Socket accepted = listener.accept()) {
                    return zos.networkd.api.host.IpAddresses.format(accepted.getInetAddress());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            node.host.namespace(workload).call(() -> {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress(server, port), 5000);
                }
                return null;
            });
            return seen.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(5)
    void workloadsReachTheInternetMasqueradedBehindTheirNode() throws Exception {
        assertEquals(a.address4, seenFrom(a, workloadA, "203.0.113.10"));
        assertEquals(b.address4, seenFrom(b, workloadB, "203.0.113.10"));
        assertEquals(a.address6, seenFrom(a, workloadA, "2001:db8:ffff::10"), "IPv6 where the node has it");
        assertFalse(reaches(workloadB, "2001:db8:ffff::10"), "node B has no IPv6");
    }

    @Test
    @Order(6)
    void aResourceReachesNeitherAnotherResourceNorTheNodeNorTheFarmLan() {
        ApplyResult other = a.mesh.apply(new NetworkResource("net2", "another user", Cidr.parse("10.30.0.0/16"),
                Cidr.parse("10.30.1.0/24"), 0, null, List.of()));
        String workloadC = lab.namespace("wc");
        a.mesh.join("net2", Workload.Request.of("wc", workloadC));
        ping(workloadC, "10.30.1.1");
        ping(workloadA, "203.0.113.10");
        NrLayout l2 = other.status().layout();
        String uplink2 = "100.127.0." + (2 * l2.uplinkIndex() + 1);
        List<String> reached = java.util.stream.Stream.concat(
                java.util.stream.Stream.of("10.30.1.1", "10.30.1.2", uplink2, "198.51.100.10", "100.127.0.0",
                        "198.51.100.1", "198.51.100.20", "2001:db8:100::1", "2001:db8:100::10")
                        .map(t -> new String[] {workloadA, t}),
                java.util.stream.Stream.of("10.20.1.1", "10.20.1.2", "198.51.100.10", "198.51.100.1")
                        .map(t -> new String[] {workloadC, t}))
                .parallel().filter(p -> reaches(p[0], p[1])).map(p -> p[1] + " from " + p[0]).toList();
        assertEquals(List.of(), reached, "reached what they must not");
        assertTrue(reaches(workloadC, "203.0.113.10"), "net2 reaches the Internet");
    }

    @Test
    @Order(7)
    void newConnectionsComeInOnlyThroughWireguard() {
        // even with a route to the workloads, the node's own namespace cannot open a connection to them
        NrLayout layout = a.mesh.status(NET).orElseThrow().layout();
        String nrUplink = "100.127.0." + (2 * layout.uplinkIndex() + 1);
        lab.runIn(a.ns, "ip", "route", "add", "10.20.1.0/24", "via", nrUplink);
        try {
            assertTrue(reaches(a.ns, nrUplink) == false, "the resource's uplink address does not answer the node");
            assertFalse(reaches(a.ns, "10.20.1.2"), "the node cannot reach into the resource");
        } finally {
            lab.runIn(a.ns, "ip", "route", "del", "10.20.1.0/24");
        }
        assertTrue(reaches(workloadB, "10.20.1.2"), "through WireGuard it can");
    }

    // ---- bad declarations ----

    /** What must not change when an apply is refused: namespaces, the node's links and rules, leases, records, devices. */
    String leftovers(LabNode node) throws Exception {
        StringBuilder o = new StringBuilder();
        lab.run("ip", "netns", "list").lines().map(l -> l.split(" ")[0]).filter(n -> n.startsWith(lab.prefix()))
                .sorted().forEach(n -> o.append(n).append('\n'));
        o.append(lab.runIn(node.ns, "ip", "-o", "link", "show").replaceAll("link-netnsid \\d+", ""));
        o.append(lab.runIn(node.ns, "ip", "-o", "addr", "show").replaceAll("valid_lft.*", ""));
        o.append(lab.runIn(node.ns, "nft", "-a", "list", "ruleset"));
        o.append(node.ports.leases().stream().map(l -> l.port() + " " + l.holder()).toList()).append('\n');
        try (var files = java.nio.file.Files.list(node.mesh.stateDirectory())) {
            files.map(f -> f.getFileName().toString()).sorted().forEach(f -> o.append(f).append('\n'));
        }
        o.append(node.wireguard.names()).append('\n');
        try (var sockets = java.nio.file.Files.list(java.nio.file.Path.of("/var/run/wireguard"))) {
            sockets.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("zmw")).sorted()
                    .forEach(f -> o.append(f).append('\n'));
        }
        return o.toString();
    }

    <T extends Throwable> T refused(Class<T> type, org.junit.jupiter.api.function.Executable apply, String... words)
            throws Exception {
        String before = leftovers(a);
        T e = org.junit.jupiter.api.Assertions.assertThrows(type, apply);
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), "'" + word + "' in: " + e.getMessage());
        }
        assertEquals(List.of(), differences(before, leftovers(a)), "left behind by: " + e.getMessage());
        return e;
    }

    @Test
    @Order(8)
    void badResourcesAreRefusedClearlyAndLeaveNothingBehind() throws Exception {
        int portOfNet1 = a.mesh.status(NET).orElseThrow().listenPort();
        String key = b.mesh.status(NET).orElseThrow().publicKey().base64();
        refused(IllegalArgumentException.class, () -> a.mesh.apply(new NetworkResource("bad1", "", Cidr.parse("100.64.0.0/10"),
                Cidr.parse("100.64.5.0/24"), 0, null, List.of())), "bad1", "100.64.0.0/10", "WireGuard addresses");
        refused(IllegalArgumentException.class, () -> a.mesh.apply(new NetworkResource("bad2", "", Cidr.parse("198.51.100.0/24"),
                Cidr.parse("198.51.100.0/24"), 0, null, List.of())), "bad2", "node's LAN 198.51.100.0/24");
        refused(IllegalArgumentException.class, () -> a.mesh.apply(new NetworkResource("bad3", "", RANGE,
                Cidr.parse("10.21.1.0/24"), 0, null, List.of())), "bad3", "10.21.1.0/24", "outside", "10.20.0.0/16");
        refused(IllegalArgumentException.class, () -> a.mesh.apply(new NetworkResource("bad4", "", RANGE,
                Cidr.parse("10.20.9.0/25"), 0, null, List.of())), "bad4", "not an IPv4 /24");
        refused(IllegalArgumentException.class, () -> a.mesh.apply(new NetworkResource("bad5", "", RANGE,
                Cidr.parse("10.20.9.0/24"), 0, null, List.of(MeshPeer.of(zos.networkd.api.wireguard.PublicKey.parse(
                        key.substring(0, 40)), SUBNET_B, null)))), "WireGuard public key", "not a WireGuard key");
        refused(IllegalArgumentException.class, () -> a.mesh.apply(new NetworkResource("bad6", "", RANGE,
                Cidr.parse("10.20.9.0/24"), portOfNet1, null, List.of())), "bad6", "port " + portOfNet1, "net1");
        refused(IllegalArgumentException.class, () -> a.mesh.apply(new NetworkResource("n".repeat(65), "", RANGE,
                Cidr.parse("10.20.9.0/24"), 0, null, List.of())), "network id must be 1-64");
        refused(IllegalArgumentException.class, () -> a.mesh.apply(new NetworkResource("bad8", "x".repeat(65), RANGE,
                Cidr.parse("10.20.9.0/24"), 0, null, List.of())), "bad8", "name is 65 characters");
        refused(IllegalArgumentException.class, () -> a.mesh.apply(new NetworkResource("bad9", "", RANGE,
                Cidr.parse("10.20.9.0/24"), 0, null, List.of(new MeshPeer(
                        zos.networkd.api.wireguard.PublicKey.parse(key), null, List.of(Cidr.parse("10.20.0.0/16")),
                        null, 20)))), "bad9", "10.20.0.0/16", "covers this node's own 10.20.9.0/24");
        refused(IllegalArgumentException.class, () -> a.mesh.apply(new NetworkResource("bad10", "", RANGE,
                Cidr.parse("10.20.9.0/24"), 0, "c2VhbGVk", List.of())), "bad10", "sealed private key");
    }

    @Test
    @Order(9)
    void aFailureMidwayTakesBackWhatTheApplyMade() throws Exception {
        // the WireGuard step, the last one, fails: its name is taken by a link on the node
        NrLayout layout = a.mesh.layoutOf("midway");
        lab.runIn(a.ns, "ip", "link", "add", "name", layout.wireguard(), "type", "bridge");
        try {
            refused(zos.networkd.api.mesh.NetworkResourceException.class, () -> a.mesh.apply(new NetworkResource(
                    "midway", "", Cidr.parse("10.40.0.0/16"), Cidr.parse("10.40.1.0/24"), 0, null, List.of())),
                    "midway", layout.wireguard(), "already has a link");
        } finally {
            lab.runIn(a.ns, "ip", "link", "del", layout.wireguard());
        }
        assertTrue(a.ports.leaseOf("midway").isEmpty());
        assertFalse(lab.run("ip", "netns", "list").contains(layout.namespace()));
    }

    // ---- workloads leave ----

    @Test
    @Order(10)
    void aWorkloadLeaves() {
        String temporary = lab.namespace("wt");
        Workload w = a.mesh.join(NET, Workload.Request.of("wt", temporary));
        assertEquals("10.20.1.3/24", w.address().toString());
        assertEquals(w, a.mesh.join(NET, Workload.Request.of("wt", temporary)), "joining again changes nothing");
        ping(temporary, "10.20.2.2");
        assertTrue(a.mesh.leave(NET, "wt"));
        assertFalse(a.mesh.leave(NET, "wt"));
        assertFalse(lab.runIn(temporary, "ip", "link").contains("eth0"));
        assertFalse(lab.runIn(a.ns, "ip", "link").contains(w.hostLink()));
        assertEquals(List.of("wa"), a.mesh.status(NET).orElseThrow().workloads().stream().map(Workload::workloadId).toList());
    }

    @Test
    @Order(11)
    void whenTheNodeGainsOrLosesIpv6TheResourceAndItsWorkloadsFollow() throws Exception {
        // node B was IPv4-only: a router advertisement that comes late, as it were
        lab.runIn(b.ns, "ip", "addr", "add", "2001:db8:100::20/64", "dev", "zos", "nodad");
        lab.runIn(b.ns, "ip", "-6", "route", "add", "default", "via", "2001:db8:100::1");
        try {
            Wait.until(Duration.ofSeconds(10), () -> lab.runIn(workloadB, "ip", "-6", "route", "show", "default")
                    .contains("via"), "workload B's IPv6 default route once its node has IPv6");
            assertTrue(reaches(workloadB, "2001:db8:ffff::10"), "workload B reaches the IPv6 Internet");
            assertTrue(b.mesh.status(NET).orElseThrow().workloads().get(0).ipv6DefaultRoute());
        } finally {
            lab.runIn(b.ns, "ip", "-6", "route", "del", "default");
            lab.runIn(b.ns, "ip", "addr", "del", "2001:db8:100::20/64", "dev", "zos");
        }
        Wait.until(Duration.ofSeconds(10), () -> lab.runIn(workloadB, "ip", "-6", "route", "show", "default").isBlank(),
                "no IPv6 default route on workload B once its node lost IPv6");
        assertTrue(lab.runIn(b.mesh.status(NET).orElseThrow().layout().namespace(), "ip", "-6", "route", "show",
                "default").isBlank(), "nor in the resource's namespace");
    }

    // ---- restart and reboot ----

    @Test
    @Order(12)
    void afterARebootTheResourcesComeBackWithTheirPortsAndKeys() throws Exception {
        NrStatus before = a.mesh.status(NET).orElseThrow();
        NrStatus before2 = a.mesh.status("net2").orElseThrow();
        List<Long> pids = a.wireguard.names().stream().map(n -> a.wireguard.state(n).pid()).toList();
        a.crash();
        // the reboot: processes and everything of the node's network are gone, the disk stays
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (NrStatus s : List.of(before, before2)) {
            lab.run("ip", "netns", "del", s.layout().namespace());
        }
        Wait.until(Duration.ofSeconds(5), () -> pids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive)
                .orElse(false)), "wireguard-go gone");
        for (String line : lab.runIn(a.ns, "ip", "-o", "link", "show").lines().toList()) {
            String name = line.split(": ")[1].split("@")[0];
            if (name.startsWith("zm")) {
                try {
                    lab.runIn(a.ns, "ip", "link", "del", name);
                } catch (zos.networkd.testlab.CommandFailedException gone) {
                    // the peer of a veth in a deleted namespace goes with it, once the kernel's
                    // asynchronous namespace cleanup gets to it: maybe between the listing and now
                    if (!gone.getMessage().contains("Cannot find device")) {
                        throw gone;
                    }
                }
            }
        }
        lab.runIn(a.ns, "nft", "delete", "table", "inet", "zos-mesh");
        Wait.until(Duration.ofSeconds(5), () -> !lab.runIn(a.ns, "ip", "link").contains("zm"), "no zm link left on the node");

        a.start();
        NrStatus after = a.mesh.status(NET).orElseThrow();
        assertEquals(before.listenPort(), after.listenPort());
        assertEquals(before.publicKey(), after.publicKey());
        assertEquals(List.of(), after.problems());
        assertEquals(before2.listenPort(), a.mesh.status("net2").orElseThrow().listenPort());
        ping(workloadB, "10.20.1.2");
        ping(workloadA, "10.20.2.2");
        String[] dump = wgDump(a, after.layout());
        assertEquals(Integer.toString(before.listenPort()), dump[0].split("\t")[2]);
        assertEquals(before.publicKey().base64(), dump[0].split("\t")[1]);
        assertTrue(lab.runIn(a.ns, "nft", "list", "tables").contains("zos-mesh"));
    }

    @Test
    @Order(13)
    void aRestartOfTheServicesKeepsEverythingAsItIs() throws Exception {
        NrLayout layout = a.mesh.status(NET).orElseThrow().layout();
        String before = observe(a, layout);
        a.crash();
        a.start();
        assertEquals(List.of(), differences(before, observe(a, layout)));
        assertEquals(List.of(), a.mesh.status(NET).orElseThrow().problems());
    }

    // ---- delete ----

    @Test
    @Order(14)
    void deleteRemovesEverything() throws Exception {
        NrStatus net2 = a.mesh.status("net2").orElseThrow();
        long pid = a.wireguard.state(net2.layout().wireguard()).pid();
        assertTrue(a.mesh.delete("net2"));
        assertFalse(a.mesh.delete("net2"));
        NrLayout l = net2.layout();
        assertFalse(lab.run("ip", "netns", "list").contains(l.namespace()));
        String links = lab.runIn(a.ns, "ip", "link");
        for (String name : List.of(l.bridge(), l.bridgePort(), l.uplinkNode(), l.wireguard())) {
            assertFalse(links.contains(name), name + " left");
        }
        assertTrue(a.ports.leaseOf("net2").isEmpty());
        assertFalse(java.nio.file.Files.exists(a.mesh.stateDirectory().resolve("net2.nr.json")));
        assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/wireguard", l.wireguard() + ".sock")));
        Wait.until(Duration.ofSeconds(5), () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true),
                "wireguard-go " + pid + " ends");
        assertTrue(lab.runIn(a.ns, "nft", "list", "tables").contains("zos-mesh"), "net1 still needs the node table");

        // the last one takes the node's part with it
        assertTrue(a.mesh.delete(NET));
        assertFalse(lab.runIn(a.ns, "nft", "list", "tables").contains("zos-mesh"));
        assertEquals("0", lab.runIn(a.ns, "sysctl", "-n", "net.ipv4.conf.zos.forwarding").strip());
        assertEquals("0", lab.runIn(a.ns, "sysctl", "-n", "net.ipv6.conf.all.forwarding").strip());
        assertFalse(lab.runIn(a.ns, "ip", "link").contains("zm"));
        assertFalse(java.nio.file.Files.exists(a.mesh.stateDirectory().resolve("node.json")));
    }
}
