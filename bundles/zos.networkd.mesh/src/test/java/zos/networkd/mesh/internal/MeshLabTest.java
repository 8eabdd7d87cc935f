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
        if (System.getenv("MESH_PAUSE") != null) {
            try {
                lab.runIn(fromNs, "ping", "-c", "1", "-W", "1", target);
            } catch (RuntimeException e) {
                System.err.println("PAUSED at ping " + target + " from " + fromNs);
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }
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
}
