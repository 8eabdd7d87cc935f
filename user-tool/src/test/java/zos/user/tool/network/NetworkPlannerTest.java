package zos.user.tool.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.model.Peer;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.PrivateKey;

/** The planner's pure logic: subnets, ports, net ids, peers, access. */
class NetworkPlannerTest {
    private static final KeyId A = SigningKey.generate().id();
    private static final KeyId B = SigningKey.generate().id();
    private static final KeyId H = SigningKey.generate().id();
    private static final KeyId H2 = SigningKey.generate().id();

    private static Cidr c(String text) {
        return Cidr.parse(text);
    }

    private static String key() {
        return PrivateKey.generate().publicKey().base64();
    }

    @Test
    void rangesAreIpv4From8To24GivenAsTheirNetwork() {
        assertEquals(c("10.20.0.0/16"), NetworkPlanner.checkRange("10.20.0.0/16"));
        assertEquals(c("10.0.0.0/8"), NetworkPlanner.checkRange("10.0.0.0/8"));
        assertEquals(c("10.20.7.0/24"), NetworkPlanner.checkRange("10.20.7.0/24"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPlanner.checkRange("10.0.0.0/7"))
                .getMessage().contains("/8 to /24"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPlanner.checkRange("10.20.0.0/25"))
                .getMessage().contains("/8 to /24"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPlanner.checkRange("fd00::/48"))
                .getMessage().contains("IPv4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPlanner.checkRange("10.20.1.0/16"))
                .getMessage().contains("did you mean 10.20.0.0/16"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPlanner.checkRange("banana"))
                .getMessage().contains("'banana'"));
    }

    @Test
    void subnetsAreTheRangesSlash24sInOrderSkippingTheFirstAndTakenOnes() {
        assertEquals(List.of(c("10.20.1.0/24"), c("10.20.2.0/24"), c("10.20.3.0/24")),
                NetworkPlanner.subnets(c("10.20.0.0/16"), List.of(), 3));
        assertEquals(List.of(c("10.20.2.0/24"), c("10.20.4.0/24")),
                NetworkPlanner.subnets(c("10.20.0.0/16"), List.of(c("10.20.1.0/24"), c("10.20.3.0/24")), 2));
        assertEquals(List.of(c("10.0.1.0/24")), NetworkPlanner.subnets(c("10.0.0.0/8"), List.of(), 1));
        // a /24 range holds one node: itself
        assertEquals(List.of(c("10.20.7.0/24")), NetworkPlanner.subnets(c("10.20.7.0/24"), List.of(), 1));
        // ... except where its WireGuard address would be 100.64.0.0, the range's own network address
        assertThrows(IllegalArgumentException.class, () -> NetworkPlanner.subnets(c("10.0.0.0/24"), List.of(), 1));
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class,
                () -> NetworkPlanner.subnets(c("10.20.0.0/23"), List.of(), 2));
        assertTrue(full.getMessage().contains("room for 1 more /24"), full.getMessage());
        // deterministic
        assertEquals(NetworkPlanner.subnets(c("172.16.0.0/12"), List.of(), 5), NetworkPlanner.subnets(c("172.16.0.0/12"), List.of(), 5));
    }

    @Test
    void netIdsAreThirteenLowerCaseCharactersStartingWithTheName() {
        String id = NetworkPlanner.netId("My Office-2", new Random(1));
        assertEquals(13, id.length());
        assertTrue(id.matches("[a-z0-9]{13}"), id);
        assertTrue(id.startsWith("myoff"), id);
        assertTrue(NetworkPlanner.netId("__", new Random(1)).matches("[a-z0-9]{13}"));
        Set<String> ids = new HashSet<>();
        Random random = new Random(7);
        IntStream.range(0, 1000).forEach(i -> ids.add(NetworkPlanner.netId("office", random)));
        assertEquals(1000, ids.size());
    }

    @Test
    void portsArePickedAmongThoseNotUsedNorRefused() {
        Random random = new Random(3);
        List<Integer> used = IntStream.rangeClosed(51820, 51997).boxed().toList();
        for (int i = 0; i < 20; i++) {
            int port = NetworkPlanner.pickPort(A, used, Set.of(51999), random);
            assertEquals(51998, port);
        }
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> NetworkPlanner.pickPort(A, used, Set.of(51998, 51999), random));
        assertTrue(none.getMessage().contains("node " + A) && none.getMessage().contains("no free listen port"), none.getMessage());
        int any = NetworkPlanner.pickPort(A, List.of(), Set.of(), random);
        assertTrue(any >= 51820 && any <= 51999);
    }

    @Test
    void aNodesRefusalOfATakenPortIsRecognised() {
        assertEquals(Optional.of(51820), NetworkPlanner.refusedPort("wireguard listen port 51820 is already in use: leased to "
                + "'n-abc' ; pick another one (port 0 lets the node choose)"));
        assertEquals(Optional.of(51900), NetworkPlanner.refusedPort("wireguard listen port 51900 is reserved for other node "
                + "services (reservedPorts 51900-51910 in zos.networkd.ports); pick another one"));
        assertEquals(Optional.empty(), NetworkPlanner.refusedPort("sealed key does not open"));
        assertEquals(Optional.empty(), NetworkPlanner.refusedPort(null));
    }

    @Test
    void endpointsPreferIpv4ThenIpv6ThenNone() {
        assertEquals("198.51.100.1:51820", NetworkPlanner.endpoint("198.51.100.1:51820", "[2001:db8::1]:51820"));
        assertEquals("[2001:db8::1]:51820", NetworkPlanner.endpoint("", "[2001:db8::1]:51820"));
        assertEquals("[2001:db8::1]:51820", NetworkPlanner.endpoint(null, "[2001:db8::1]:51820"));
        assertEquals("", NetworkPlanner.endpoint(null, null));
    }

    private static Peer peerOf(Map<KeyId, List<Peer>> peers, KeyId self, MeshMember other) {
        return peers.get(self).stream().filter(p -> p.wgPublicKey().equals(other.publicKey())).findFirst().orElseThrow();
    }

    @Test
    void everyNodePeersWithEveryOtherAndAHiddenOneHasNoEndpoint() {
        MeshMember a = new MeshMember(A, c("10.20.1.0/24"), key(), "198.51.100.1:51820");
        MeshMember b = new MeshMember(B, c("10.20.2.0/24"), key(), "[2001:db8::2]:51821");
        MeshMember h = new MeshMember(H, c("10.20.3.0/24"), key(), "");
        Map<KeyId, List<Peer>> peers = NetworkPlanner.peers(List.of(a, b, h), List.of());
        assertEquals(List.of(A, B, H), List.copyOf(peers.keySet()));
        peers.values().forEach(list -> assertEquals(2, list.size()));
        Peer aOnB = peerOf(peers, B, a);
        assertEquals(c("10.20.1.0/24"), aOnB.subnet());
        assertEquals(List.of(c("10.20.1.0/24"), c("100.64.20.1/32")), aOnB.allowedIps());
        assertEquals("198.51.100.1:51820", aOnB.endpoint());
        assertEquals("[2001:db8::2]:51821", peerOf(peers, A, b).endpoint());
        assertEquals("", peerOf(peers, A, h).endpoint());
        assertEquals("", peerOf(peers, B, h).endpoint());
        assertEquals(List.of(c("10.20.3.0/24"), c("100.64.20.3/32")), peerOf(peers, A, h).allowedIps());
        assertEquals("198.51.100.1:51820", peerOf(peers, H, a).endpoint());
        // nobody is its own peer
        peers.forEach((self, list) -> list.forEach(p -> assertFalse(p.subnet().equals(
                List.of(a, b, h).stream().filter(m -> m.node().equals(self)).findFirst().orElseThrow().subnet()))));
    }

    @Test
    void hiddenNodesReachEachOtherThroughTheFirstPublicNode() {
        MeshMember h1 = new MeshMember(H, c("10.20.1.0/24"), key(), "");
        MeshMember a = new MeshMember(A, c("10.20.2.0/24"), key(), "198.51.100.1:51820");
        MeshMember h2 = new MeshMember(H2, c("10.20.3.0/24"), key(), "");
        MeshMember b = new MeshMember(B, c("10.20.4.0/24"), key(), "198.51.100.2:51820");
        Map<KeyId, List<Peer>> peers = NetworkPlanner.peers(List.of(h1, a, h2, b), List.of());
        assertEquals(2, peers.get(H).size(), "H sees A and B, not H2: " + peers.get(H));
        assertEquals(List.of(c("10.20.2.0/24"), c("100.64.20.2/32"), c("10.20.3.0/24"), c("100.64.20.3/32")),
                peerOf(peers, H, a).allowedIps());
        assertEquals(List.of(c("10.20.4.0/24"), c("100.64.20.4/32")), peerOf(peers, H, b).allowedIps());
        assertEquals(List.of(c("10.20.1.0/24"), c("100.64.20.1/32")), peerOf(peers, H2, a).allowedIps().subList(2, 4));
        assertEquals(3, peers.get(A).size());
        assertEquals(3, peers.get(B).size());

        // with no public node at all, hidden nodes list each other (nobody can relay)
        Map<KeyId, List<Peer>> lonely = NetworkPlanner.peers(List.of(h1, h2), List.of());
        assertEquals("", peerOf(lonely, H, h2).endpoint());
    }

    @Test
    void anAccessPeerIsAPeerOfItsNodeAndRoutedThroughItByTheOthers() {
        MeshMember a = new MeshMember(A, c("10.20.1.0/24"), key(), "198.51.100.1:51820");
        MeshMember b = new MeshMember(B, c("10.20.2.0/24"), key(), "198.51.100.2:51820");
        MeshMember h = new MeshMember(H, c("10.20.3.0/24"), key(), "");
        AccessPeer laptop = new AccessPeer("access-1", c("10.20.4.0/24"), key(), B);
        Map<KeyId, List<Peer>> peers = NetworkPlanner.peers(List.of(a, b, h), List.of(laptop));
        Peer onB = peers.get(B).get(peers.get(B).size() - 1);
        assertEquals(laptop.publicKey(), onB.wgPublicKey());
        assertEquals("", onB.endpoint());
        assertEquals(List.of(c("10.20.4.0/24"), c("100.64.20.4/32")), onB.allowedIps());
        assertEquals(List.of(c("10.20.2.0/24"), c("100.64.20.2/32"), c("10.20.4.0/24"), c("100.64.20.4/32")),
                peerOf(peers, A, b).allowedIps());
        assertTrue(peerOf(peers, H, b).allowedIps().contains(c("10.20.4.0/24")));
        assertEquals(2, peers.get(A).size());

        assertEquals(a, NetworkPlanner.accessNode(List.of(h, a, b), null));
        assertEquals(b, NetworkPlanner.accessNode(List.of(h, a, b), B));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPlanner.accessNode(List.of(h, a, b), H))
                .getMessage().contains("node " + H + " is hidden"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPlanner.accessNode(List.of(h), null))
                .getMessage().contains("no node of this network is public"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPlanner.accessNode(List.of(a), H2))
                .getMessage().contains("not part of this network"));

        String text = NetworkPlanner.wgQuick("PRIVATE", laptop, b, c("10.20.0.0/16"));
        assertEquals("""
                [Interface]
                PrivateKey = PRIVATE
                Address = 10.20.4.1/24, 100.64.20.4/32

                [Peer]
                PublicKey = %s
                Endpoint = 198.51.100.2:51820
                AllowedIPs = 10.20.0.0/16, 100.64.0.0/16
                PersistentKeepalive = 25
                """.formatted(b.publicKey()), text);
    }

    @Test
    void namesAreSafeFileNames() {
        assertEquals("office-1.a_b", NetworkPlanner.checkName("office-1.a_b"));
        assertThrows(IllegalArgumentException.class, () -> NetworkPlanner.checkName("../etc"));
        assertThrows(IllegalArgumentException.class, () -> NetworkPlanner.checkName("my office"));
        assertThrows(IllegalArgumentException.class, () -> NetworkPlanner.checkName(""));
    }
}
