package zos.user.tool.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import zos.grid.api.crypto.AgreementKeyPair;
import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SealedSecrets;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.Operation;
import zos.grid.api.model.Peer;
import zos.grid.registry.internal.LabRegistry;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.PrivateKey;
import zos.user.tool.Registry;

/**
 * Network operations against the real registry (servlet in Jetty, H2) on this test namespace's
 * loopback, with {@link FakeNode}s playing the nodes.
 */
class NetworkOpsTest {
    private static final int PORT = 18283;
    @TempDir
    Path work;
    private LabRegistry registry;
    private long farm;
    private final SigningKey user = SigningKey.generate();
    private final List<FakeNode> nodes = new ArrayList<>();
    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private NetworkStateStore store;

    @BeforeEach
    void setUp() throws Exception {
        registry = new LabRegistry(PORT);
        farm = registry.registerFarm(SigningKey.generate(), "north");
        registry.registerUser(user, "alice");
        store = new NetworkStateStore(work.resolve("state"));
    }

    @AfterEach
    void tearDown() throws Exception {
        FakeNode.closeAll(nodes);
        registry.close();
    }

    private FakeNode node(String ipv4, String ipv6, Integer... used) throws Exception {
        FakeNode node = new FakeNode(registry.base(), farm, "node" + nodes.size(), ipv4, ipv6, List.of(used));
        nodes.add(node);
        return node;
    }

    private NetworkOps ops(Duration timeout) {
        return new NetworkOps(new Registry(registry.base()), user, store, timeout, progress::add, new Random(42),
                Clock.systemUTC());
    }

    private NetworkOps ops() {
        return ops(Duration.ofSeconds(30));
    }

    private static List<KeyId> ids(FakeNode... fakes) {
        return java.util.Arrays.stream(fakes).map(f -> f.key.id()).toList();
    }

    private static Peer peerWithKey(NetworkResource resource, String key) {
        return resource.peers().stream().filter(p -> p.wgPublicKey().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no peer " + key + " in " + resource.peers()));
    }

    private static String reportedKey(FakeNode node) {
        return node.reported.get(node.reported.size() - 1).data().get("wg_public_key");
    }

    @Test
    void createOverThreeNodesSendsVersionOneThenThePeersAsVersionTwo() throws Exception {
        Integer[] used = IntStream.rangeClosed(51820, 51990).boxed().toArray(Integer[]::new);
        FakeNode a = node("198.51.100.1", "2001:db8::1", used);
        FakeNode b = node(null, "2001:db8::2");
        FakeNode h = node(null, null);
        NetworkOps.Outcome outcome = ops().create("office", "10.20.0.0/16", ids(a, b, h), false, false);

        for (FakeNode n : List.of(a, b, h)) {
            assertEquals(List.of(1L, 2L), n.versions(), "versions sent to " + n.key.id());
            NetworkResource first = n.received.get(0).resource();
            assertTrue(first.nodeGeneratesKey());
            assertEquals("", first.wgPublicKey());
            assertEquals(List.of(), first.peers());
            assertEquals(2, n.last().peers().size());
            assertEquals(outcome.state().netId(), n.last().netId());
        }
        assertEquals(Cidr.parse("10.20.1.0/24"), a.last().subnet());
        assertEquals(Cidr.parse("10.20.2.0/24"), b.last().subnet());
        assertEquals(Cidr.parse("10.20.3.0/24"), h.last().subnet());
        // a's port avoids what a published as used
        assertTrue(a.last().wgListenPort() > 51990 && a.last().wgListenPort() <= 51999, "port " + a.last().wgListenPort());
        int portA = a.last().wgListenPort();
        int portB = b.last().wgListenPort();

        // endpoints: a by IPv4, b by IPv6 (it has no IPv4), h hidden
        Peer aOnB = peerWithKey(b.last(), reportedKey(a));
        assertEquals("198.51.100.1:" + portA, aOnB.endpoint());
        assertEquals(List.of(Cidr.parse("10.20.1.0/24"), Cidr.parse("100.64.20.1/32")), aOnB.allowedIps());
        assertEquals("[2001:db8::2]:" + portB, peerWithKey(a.last(), reportedKey(b)).endpoint());
        assertEquals("", peerWithKey(a.last(), reportedKey(h)).endpoint());
        assertEquals("", peerWithKey(b.last(), reportedKey(h)).endpoint());
        assertEquals("198.51.100.1:" + portA, peerWithKey(h.last(), reportedKey(a)).endpoint());
        assertEquals(Cidr.parse("10.20.3.0/24"), peerWithKey(a.last(), reportedKey(h)).subnet());

        assertEquals(6, outcome.workloadsSent());
        assertTrue(outcome.waiting().compareTo(Duration.ZERO) > 0 && outcome.waiting().compareTo(outcome.total()) <= 0);
        // the record: owner-only, no private key, every node applied at version 2
        Path file = store.file("office");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory())));
        NetworkState state = store.require("office");
        state.nodes().forEach(n -> {
            assertEquals(NodeState.Status.OK, n.status());
            assertEquals(2, n.version());
        });
        assertEquals("", state.nodes().get(2).report().endpoint());
        assertTrue(progress.stream().anyMatch(l -> l.contains("ready on 3 nodes")), progress.toString());

        assertTrue(assertThrows(NetworkException.class, () -> ops().create("office", "10.30.0.0/16", ids(a), false, false))
                .getMessage().contains("exists already"));
    }

    @Test
    void aPortTheNodeRefusesAsTakenIsReplacedByAnother() throws Exception {
        FakeNode a = node("198.51.100.1", null);
        FakeNode b = node("198.51.100.2", null);
        b.refuseFirstPort = true;
        ops().create("office", "10.20.0.0/16", ids(a, b), false, false);
        assertEquals(List.of(1L, 2L), a.versions());
        assertEquals(List.of(1L, 2L, 3L), b.versions());
        int refused = b.received.get(0).resource().wgListenPort();
        int taken = b.last().wgListenPort();
        assertNotEquals(refused, taken);
        assertEquals(taken, b.received.get(1).resource().wgListenPort());
        assertEquals("198.51.100.2:" + taken, peerWithKey(a.last(), reportedKey(b)).endpoint());
        assertTrue(progress.stream().anyMatch(l -> l.contains("port " + refused + " refused as taken")), progress.toString());
    }

    @Test
    void aNodesErrorNamesTheNodeAndItsReasonAndTheCreateIsTakenBack() throws Exception {
        FakeNode a = node("198.51.100.1", null);
        FakeNode bad = node("198.51.100.2", null).failingWith("cannot create namespace: No space left on device");
        NetworkException e = assertThrows(NetworkException.class,
                () -> ops().create("office", "10.20.0.0/16", ids(a, bad), false, false));
        assertTrue(e.getMessage().contains("node " + bad.key.id() + " refused version 1: cannot create namespace: No space left "
                + "on device"), e.getMessage());
        assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
        assertEquals(1, a.deletes().size());
        assertEquals(2, a.deletes().get(0).resource().version());
        assertEquals(1, bad.deletes().size());
        assertFalse(Files.exists(store.file("office")));
    }

    @Test
    void aSilentNodeTimesOutNamingIt() throws Exception {
        FakeNode a = node("198.51.100.1", null);
        FakeNode quiet = node("198.51.100.2", null).silent();
        NetworkException e = assertThrows(NetworkException.class,
                () -> ops(Duration.ofSeconds(2)).create("office", "10.20.0.0/16", ids(a, quiet), false, false));
        assertTrue(e.getMessage().contains("timed out after 2 s: no result from node " + quiet.key.id()), e.getMessage());
        assertFalse(e.getMessage().contains("node " + a.key.id() + " (workload"), e.getMessage());
        // a is taken back; the silent node keeps a record so that 'network delete' can finish once it answers
        assertEquals(1, a.deletes().size());
        assertTrue(e.getMessage().contains("roll-back incomplete"), e.getMessage());
        NetworkState kept = store.require("office");
        assertEquals(List.of(quiet.key.id()), kept.nodes().stream().map(NodeState::node).toList());
        assertEquals(NodeState.Status.DELETING, kept.nodes().get(0).status());
    }

    @Test
    void nodesAreAddedAndRemovedAndTheNetworkDeleted() throws Exception {
        FakeNode a = node("198.51.100.1", null);
        FakeNode b = node("198.51.100.2", null);
        FakeNode c = node(null, null);
        ops().create("office", "10.20.0.0/16", ids(a, b), false, false);

        NetworkOps.Outcome added = ops().addNode("office", c.key.id());
        assertEquals(List.of(1L, 2L), c.versions());
        assertEquals(Cidr.parse("10.20.3.0/24"), c.last().subnet());
        assertEquals(List.of(1L, 2L, 3L), a.versions());
        assertEquals(List.of(1L, 2L, 3L), b.versions());
        assertEquals("", peerWithKey(a.last(), reportedKey(c)).endpoint());
        assertEquals(2, c.last().peers().size());
        assertEquals(4, added.workloadsSent());
        assertTrue(assertThrows(NetworkException.class, () -> ops().addNode("office", c.key.id())).getMessage()
                .contains("node " + c.key.id() + " is part of it already"));

        String bKey = reportedKey(b);
        ops().removeNode("office", b.key.id());
        assertEquals(Operation.DELETE, b.received.get(b.received.size() - 1).operation());
        assertEquals(4, b.last().version());
        assertEquals(List.of(1L, 2L, 3L, 4L), a.versions());
        assertEquals(1, a.last().peers().size());
        assertTrue(a.last().peers().stream().noneMatch(p -> p.wgPublicKey().equals(bKey)));
        assertEquals(1, c.last().peers().size());
        assertEquals(List.of(a.key.id(), c.key.id()), store.require("office").nodes().stream().map(NodeState::node).toList());

        // the freed /24 goes to the next node
        FakeNode d = node("198.51.100.4", null);
        ops().addNode("office", d.key.id());
        assertEquals(Cidr.parse("10.20.2.0/24"), d.last().subnet());

        ops().delete("office");
        for (FakeNode n : List.of(a, c, d)) {
            assertEquals(Operation.DELETE, n.received.get(n.received.size() - 1).operation(), "last workload of " + n.key.id());
        }
        assertEquals(1, b.deletes().size());
        assertFalse(Files.exists(store.file("office")));
        assertTrue(assertThrows(java.io.IOException.class, () -> ops().delete("office")).getMessage().contains("no network 'office'"));
    }

    @Test
    void anAccessPeerIsRoutedThroughAPublicNode() throws Exception {
        FakeNode h = node(null, null);
        FakeNode a = node("198.51.100.1", null);
        FakeNode b = node("198.51.100.2", null);
        ops().create("office", "10.20.0.0/16", ids(h, a, b), false, false);
        NetworkOps.AccessGrant grant = ops().access("office", null);
        assertEquals(a.key.id(), grant.peer().via());
        assertEquals(Cidr.parse("10.20.4.0/24"), grant.peer().subnet());
        assertFalse(grant.toString().contains("PrivateKey"));

        WgQuick config = WgQuick.parse(grant.wgQuickConfig());
        String laptopPublic = PrivateKey.parse(config.interfaceValue("PrivateKey")).publicKey().base64();
        assertEquals(grant.peer().publicKey(), laptopPublic);
        assertEquals("10.20.4.1/24, 100.64.20.4/32", config.interfaceValue("Address"));
        assertEquals(reportedKey(a), config.peerValue("PublicKey"));
        assertEquals("198.51.100.1:" + a.last().wgListenPort(), config.peerValue("Endpoint"));
        assertEquals("10.20.0.0/16, 100.64.0.0/16", config.peerValue("AllowedIPs"));
        assertEquals("25", config.peerValue("PersistentKeepalive"));

        // a has the laptop as peer; h and b route the laptop's /24 through a
        Peer laptopOnA = peerWithKey(a.last(), laptopPublic);
        assertEquals("", laptopOnA.endpoint());
        assertEquals(Cidr.parse("10.20.4.0/24"), laptopOnA.subnet());
        assertEquals(3L, a.last().version());
        for (FakeNode other : List.of(h, b)) {
            assertTrue(peerWithKey(other.last(), reportedKey(a)).allowedIps().contains(Cidr.parse("10.20.4.0/24")),
                    other.last().peers().toString());
            assertTrue(other.last().peers().stream().noneMatch(p -> p.wgPublicKey().equals(laptopPublic)));
        }
        // the laptop's private key is nowhere in the record
        String record = Files.readString(store.file("office"));
        assertFalse(record.contains(config.interfaceValue("PrivateKey")));
        assertTrue(record.contains(laptopPublic));
        // a node carrying it cannot be removed; a hidden node cannot carry one
        assertTrue(assertThrows(NetworkException.class, () -> ops().removeNode("office", a.key.id())).getMessage()
                .contains("carries access peer 'access-1'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ops().access("office", h.key.id())).getMessage()
                .contains("is hidden"));
        // a second one through b gets the next /24
        NetworkOps.AccessGrant second = ops().access("office", b.key.id());
        assertEquals(Cidr.parse("10.20.5.0/24"), second.peer().subnet());
        assertTrue(peerWithKey(a.last(), reportedKey(b)).allowedIps().contains(Cidr.parse("10.20.5.0/24")));
    }

    @Test
    void userKeysAreSealedToEachNodeBoundToTheNetwork() throws Exception {
        FakeNode a = node("198.51.100.1", null);
        FakeNode b = node("198.51.100.2", null);
        NetworkOps.Outcome outcome = ops().create("office", "10.20.0.0/16", ids(a, b), true, false);
        String netId = outcome.state().netId();
        for (FakeNode n : List.of(a, b)) {
            NetworkResource first = n.received.get(0).resource();
            assertFalse(first.nodeGeneratesKey());
            byte[] opened = n.agreement.open(first.wgPrivateKey(), SealedSecrets.infoFor(n.key.id()),
                    SealedSecrets.wireGuardKeyAad(netId));
            assertEquals(first.wgPublicKey(), PrivateKey.of(opened).publicKey().base64());
            assertEquals(first.wgPublicKey(), reportedKey(n));
            // bound to this network and this node: another AAD or another node's key does not open it
            assertThrows(IllegalArgumentException.class, () -> n.agreement.open(first.wgPrivateKey(),
                    SealedSecrets.infoFor(n.key.id()), SealedSecrets.wireGuardKeyAad(netId + "x")));
            assertThrows(IllegalArgumentException.class, () -> AgreementKeyPair.generate().open(first.wgPrivateKey(),
                    SealedSecrets.infoFor(n.key.id()), SealedSecrets.wireGuardKeyAad(netId)));
            // version 2 carries the same sealed key
            assertEquals(first.wgPrivateKey(), n.last().wgPrivateKey());
            assertEquals(2L, n.last().version());
        }
        assertEquals(reportedKey(b), peerWithKey(a.last(), reportedKey(b)).wgPublicKey());
    }

    @Test
    void nodePortsLetTheNodesChoose() throws Exception {
        FakeNode a = node("198.51.100.1", null);
        FakeNode b = node("198.51.100.2", null);
        ops().create("office", "10.20.0.0/16", ids(a, b), false, true);
        a.received.forEach(w -> assertEquals(0, w.resource().wgListenPort()));
        assertEquals("198.51.100.1:52000", peerWithKey(b.last(), reportedKey(a)).endpoint());
    }

    @Test
    void anUnknownNodeIsRefusedBeforeAnythingIsSent() throws Exception {
        FakeNode a = node("198.51.100.1", null);
        KeyId stranger = SigningKey.generate().id();
        NetworkException e = assertThrows(NetworkException.class,
                () -> ops().create("office", "10.20.0.0/16", List.of(a.key.id(), stranger), false, false));
        assertTrue(e.getMessage().startsWith("node " + stranger + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        Thread.sleep(200);
        assertEquals(List.of(), a.received);
        assertFalse(Files.exists(store.file("office")));
    }
}
