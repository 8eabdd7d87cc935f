package zos.networkd.provision.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SealedSecret;
import zos.grid.api.crypto.SealedSecrets;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.Operation;
import zos.grid.api.model.Peer;
import zos.grid.api.model.ResultData;
import zos.grid.api.model.ResultState;
import zos.grid.api.model.Workload;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.identity.NodeIdentity;
import zos.networkd.api.mesh.MeshPeer;
import zos.networkd.api.mesh.NetworkResourceException;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.identity.internal.TestIdentities;

/** Provisioning's rules against a fake mesh and the real node identity: owner, versions, tombstones, replays, translation. */
class ProvisionerTest {
    private static final String NET = "office";
    private static final SigningKey ALICE = SigningKey.generate();
    private static final SigningKey BOB = SigningKey.generate();

    @TempDir
    Path directory;

    private NodeIdentity identity;
    private KeyId node;
    private FakeMesh mesh;
    private List<String> addresses;
    private Provisioner provisioner;
    private long cursor;

    @BeforeEach
    void node() throws Exception {
        identity = TestIdentities.in(directory.resolve("identity"));
        node = KeyId.parse(identity.nodeId());
        mesh = new FakeMesh(new GridSealedKeys(identity));
        addresses = new ArrayList<>(List.of("10.0.0.5", "192.168.1.9", "100.64.0.3", "127.0.0.1", "169.254.1.1",
                "203.0.113.7", "fe80::1", "fd12:3456::1", "2001:db8::7"));
        provisioner = provisioner();
    }

    private Provisioner provisioner() {
        return new Provisioner(mesh, new ProvisionRecords(directory.resolve("provision"), 5), identity.nodeId(),
                new GridSealedKeys(identity),
                () -> new NodeEndpoints.Addresses(addresses.stream().map(IpAddresses::parse).toList()), Clock.systemUTC());
    }

    private static NetworkResource resource(long version, List<Peer> peers) {
        return new NetworkResource("office network", NET, Cidr.parse("10.20.0.0/16"), Cidr.parse("10.20.1.0/24"), null, "",
                0, peers, version);
    }

    private static Peer peer(int third, String endpoint) {
        return new Peer(Cidr.parse("10.20." + third + ".0/24"), PrivateKey.generate().publicKey().base64(),
                List.of(Cidr.parse("172.31." + third + ".0/24")), endpoint);
    }

    private WorkloadEntry entry(SigningKey user, Operation operation, NetworkResource resource) {
        return entry(++cursor, GridJson.signWorkload(user, node, operation, resource));
    }

    private static WorkloadEntry entry(long at, Workload workload) {
        return new WorkloadEntry(at, Instant.now(), workload, null, null);
    }

    private WorkloadResult handle(WorkloadEntry entry) {
        return provisioner.handle(entry);
    }

    private static void assertOk(WorkloadResult result) {
        assertEquals(ResultState.OK, result.state(), result.message());
    }

    private static void assertError(String message, WorkloadResult result) {
        assertEquals(ResultState.ERROR, result.state(), result.message());
        assertEquals(message, result.message());
        assertEquals(Map.of(), result.data());
    }

    @Test
    void aDeployBecomesTheMeshDeclarationAndReportsKeyPortAndPublicEndpoints() {
        Peer reachable = peer(2, "198.51.100.20:30001");
        Peer hidden = peer(3, "");
        WorkloadResult result = handle(entry(ALICE, Operation.DEPLOY, resource(1, List.of(reachable, hidden))));
        assertOk(result);

        zos.networkd.api.mesh.NetworkResource declared = mesh.resources.get(NET);
        assertEquals("office network", declared.name());
        assertEquals(Cidr.parse("10.20.0.0/16"), declared.ipRange());
        assertEquals(Cidr.parse("10.20.1.0/24"), declared.subnet());
        assertEquals(0, declared.listenPort());
        assertNull(declared.sealedPrivateKey());
        MeshPeer first = declared.peers().get(0);
        assertEquals(reachable.wgPublicKey(), first.publicKey().base64());
        assertEquals(Cidr.parse("10.20.2.0/24"), first.subnet());
        assertEquals(List.of(Cidr.parse("172.31.2.0/24")), first.allowedIps());
        assertEquals(Endpoint.parse("198.51.100.20:30001"), first.endpoint());
        assertEquals(MeshPeer.DEFAULT_KEEPALIVE, first.persistentKeepalive());
        assertNull(declared.peers().get(1).endpoint(), "an empty endpoint is none");

        assertEquals(Map.of(ResultData.WG_PUBLIC_KEY, mesh.keys.get(NET).publicKey().base64(),
                ResultData.WG_LISTEN_PORT, "40001", ResultData.ENDPOINT_IPV4, "203.0.113.7:40001",
                ResultData.ENDPOINT_IPV6, "[2001:db8::7]:40001", ResultData.PUBLIC, "true", ResultData.VERSION, "1",
                ResultData.OUTCOME, "created"), result.data());
        assertFalse(result.toString().contains(mesh.keys.get(NET).revealBase64()), "never a private key");
    }

    @Test
    void aNodeWithoutPublicAddressesIsHidden() {
        addresses.removeIf(a -> a.startsWith("203.") || a.startsWith("2001:"));
        WorkloadResult result = handle(entry(ALICE, Operation.DEPLOY, resource(1, List.of())));
        assertOk(result);
        assertEquals("false", result.data().get(ResultData.PUBLIC));
        assertFalse(result.data().containsKey(ResultData.ENDPOINT_IPV4));
        assertFalse(result.data().containsKey(ResultData.ENDPOINT_IPV6));
    }

    @Test
    void onlyTheUserWhoCreatedTheNetworkChangesOrDeletesIt() {
        assertOk(handle(entry(ALICE, Operation.DEPLOY, resource(1, List.of()))));
        zos.networkd.api.mesh.NetworkResource before = mesh.resources.get(NET);
        String refused = "network office on this node belongs to user " + ALICE.id().text() + "; " + BOB.id().text()
                + " may not change it";
        assertError(refused, handle(entry(BOB, Operation.DEPLOY, resource(2, List.of(peer(2, ""))))));
        assertError(refused, handle(entry(BOB, Operation.DELETE, resource(3, List.of()))));
        assertEquals(before, mesh.resources.get(NET));
        assertEquals(List.of("apply office"), mesh.calls, "nothing applied for Bob");
    }

    @Test
    void anOlderOrEqualVersionFromAnotherWorkloadIsRefusedNamingBoth() {
        WorkloadEntry first = entry(ALICE, Operation.DEPLOY, resource(1, List.of()));
        assertOk(handle(first));
        WorkloadResult changed = handle(entry(ALICE, Operation.DEPLOY, resource(2, List.of(peer(2, "203.0.113.9:5000")))));
        assertOk(changed);
        assertEquals("changed", changed.data().get(ResultData.OUTCOME));
        assertEquals("2", changed.data().get(ResultData.VERSION));
        zos.networkd.api.mesh.NetworkResource current = mesh.resources.get(NET);

        // the version-1 workload again, as the registry would store a replay: a new cursor
        assertError("network office: version 1 is not newer than version 2 applied from workload 2 (a replay or a "
                + "stale definition); nothing applied", handle(entry(++cursor, first.workload())));
        assertError("network office: version 2 is not newer than version 2 applied from workload 2 (a replay or a "
                + "stale definition); nothing applied", handle(entry(ALICE, Operation.DEPLOY, resource(2, List.of()))));
        assertEquals(current, mesh.resources.get(NET));
        assertEquals(2, mesh.calls.size());
    }

    @Test
    void aDeleteLeavesATombstoneSoAnOldDeployReplayedLaterIsRefused() {
        WorkloadEntry created = entry(ALICE, Operation.DEPLOY, resource(1, List.of()));
        assertOk(handle(created));
        WorkloadResult deleted = handle(entry(ALICE, Operation.DELETE, resource(2, List.of())));
        assertOk(deleted);
        assertEquals(Map.of(ResultData.VERSION, "2", ResultData.OUTCOME, "deleted"), deleted.data());
        assertTrue(mesh.resources.isEmpty());

        assertError("network office: version 1 is not newer than version 2 applied from workload 2 (a replay or a "
                + "stale definition); nothing applied", handle(entry(++cursor, created.workload())));
        assertError("network office on this node belongs to user " + ALICE.id().text() + "; " + BOB.id().text()
                + " may not change it", handle(entry(BOB, Operation.DEPLOY, resource(9, List.of()))));
        assertTrue(mesh.resources.isEmpty());
        assertTrue(provisioner().handle(entry(ALICE, Operation.DEPLOY, resource(3, List.of()))).state() == ResultState.OK,
                "the owner creates it again with a newer version (after a restart too)");
        assertEquals(1, mesh.resources.size());
    }

    @Test
    void deletingANetworkThatIsNotHereIsOkAndAbsent() {
        WorkloadResult result = handle(entry(ALICE, Operation.DELETE, resource(1, List.of())));
        assertOk(result);
        assertEquals("absent", result.data().get(ResultData.OUTCOME));
        assertTrue(mesh.calls.isEmpty());
    }

    @Test
    void theSameWorkloadHandedOverAgainIsAppliedAgainAndReportsTheSameResult() {
        WorkloadEntry first = entry(ALICE, Operation.DEPLOY, resource(1, List.of()));
        WorkloadResult result = handle(first);
        mesh.resources.clear(); // as if the node had lost the resource: applying again rebuilds it
        assertEquals(result, handle(first));
        assertEquals(1, mesh.resources.size());
        // after a restart (a new component over the same files) as well
        assertEquals(result, provisioner().handle(first));
        assertEquals(List.of("apply office", "apply office", "apply office"), mesh.calls);

        WorkloadEntry delete = entry(ALICE, Operation.DELETE, resource(2, List.of()));
        WorkloadResult deleted = handle(delete);
        assertEquals(deleted, provisioner().handle(delete));
        assertEquals("deleted", deleted.data().get(ResultData.OUTCOME));
    }

    @Test
    void aWorkloadTheNodeStoppedInTheMiddleOfIsFinished() {
        WorkloadEntry first = entry(ALICE, Operation.DEPLOY, resource(1, List.of()));
        // what the node wrote before touching the mesh, then it stopped
        new ProvisionRecords(directory.resolve("provision"), 5).save(new NetworkRecord(NET, ALICE.id().text(), 1,
                first.cursor(), Operation.DEPLOY, Instant.now(), null, null));
        WorkloadResult result = provisioner().handle(first);
        assertOk(result);
        assertEquals("created", result.data().get(ResultData.OUTCOME));
        NetworkRecord record = new ProvisionRecords(directory.resolve("provision"), 5).network(NET).orElseThrow();
        assertEquals(result, record.result());
    }

    @Test
    void aMeshFailureIsAnErrorWithItsMessageAndLeavesNoClaim() {
        mesh.failNext = new NetworkResourceException(NET, "listen port 51820 is held by network 'other'");
        assertError("network resource 'office': listen port 51820 is held by network 'other'",
                handle(entry(ALICE, Operation.DEPLOY, resource(1, List.of()))));
        assertTrue(new ProvisionRecords(directory.resolve("provision"), 5).network(NET).isEmpty());
        // so another user may still create it, and the failed one may retry with the same version
        assertOk(handle(entry(BOB, Operation.DEPLOY, resource(1, List.of()))));

        mesh.failNext = new IllegalArgumentException("network resource 'office': the subnet cannot change");
        assertError("network resource 'office': the subnet cannot change",
                handle(entry(BOB, Operation.DEPLOY, resource(2, List.of()))));
        assertEquals(1, new ProvisionRecords(directory.resolve("provision"), 5).network(NET).orElseThrow().version(),
                "the record before the failed workload is back");
    }

    @Test
    void aBadPeerIsAnErrorNamingIt() {
        Peer named = new Peer(Cidr.parse("10.20.2.0/24"), PrivateKey.generate().publicKey().base64(), List.of(),
                "peer.example:51820");
        WorkloadResult result = handle(entry(ALICE, Operation.DEPLOY, resource(1, List.of(named))));
        assertEquals(ResultState.ERROR, result.state());
        assertTrue(result.message().startsWith("network office: peers[0] (10.20.2.0/24): WireGuard endpoint "
                + "'peer.example:51820'"), result.message());
        assertTrue(mesh.calls.isEmpty());
    }

    @Test
    void theSignatureAndTheNodeAreCheckedAgain() {
        Workload signed = GridJson.signWorkload(ALICE, node, Operation.DEPLOY, resource(1, List.of()));
        Workload tampered = new Workload(signed.user(), signed.node(), signed.operation(), resource(1,
                List.of(peer(2, ""))), signed.signature());
        assertError("network office: workload 7 is not signed by its user " + ALICE.id().text(),
                handle(entry(7, tampered)));
        KeyId other = SigningKey.generate().id();
        assertError("network office: workload 8 is for node " + other + ", not this node",
                handle(entry(8, GridJson.signWorkload(ALICE, other, Operation.DEPLOY, resource(1, List.of())))));
        assertTrue(mesh.calls.isEmpty());
    }

    @Test
    void aResourceAnOperatorMadeIsNotTakenOver() {
        mesh.apply(new zos.networkd.api.mesh.NetworkResource(NET, "", Cidr.parse("10.20.0.0/16"),
                Cidr.parse("10.20.1.0/24"), 0, null, List.of()));
        assertError("network office exists on this node but was not provisioned from the registry (an operator made "
                + "it); it is not changed", handle(entry(ALICE, Operation.DEPLOY, resource(1, List.of()))));
    }

    @Test
    void aUsersSealedKeyIsOpenedWithTheNodesKeyAndMustMatchItsPublicKey() {
        PrivateKey key = PrivateKey.generate();
        SealedSecret sealed = SealedSecrets.sealTo(node, identity.agreementPublicKey(), SealedSecrets.wireGuardKeyAad(NET),
                key.revealBytes());
        NetworkResource withKey = new NetworkResource("office network", NET, Cidr.parse("10.20.0.0/16"),
                Cidr.parse("10.20.1.0/24"), sealed, key.publicKey().base64(), 51820, List.of(), 1);
        WorkloadResult result = handle(entry(ALICE, Operation.DEPLOY, withKey));
        assertOk(result);
        assertEquals(key.publicKey().base64(), result.data().get(ResultData.WG_PUBLIC_KEY));
        assertEquals("51820", result.data().get(ResultData.WG_LISTEN_PORT));
        assertEquals(SealedKeyText.format(sealed), mesh.resources.get(NET).sealedPrivateKey());
        assertFalse(result.message().contains(key.revealBase64()));

        String otherPublic = PrivateKey.generate().publicKey().base64();
        NetworkResource mismatch = new NetworkResource("office network", NET, Cidr.parse("10.20.0.0/16"),
                Cidr.parse("10.20.1.0/24"), sealed, otherPublic, 51820, List.of(), 2);
        assertError("network office: wg_public_key " + otherPublic + " is not the public key of the sealed private key ("
                + key.publicKey().base64() + ")", handle(entry(ALICE, Operation.DEPLOY, mismatch)));

        SealedSecret forAnotherNetwork = SealedSecrets.sealTo(node, identity.agreementPublicKey(),
                SealedSecrets.wireGuardKeyAad("other"), key.revealBytes());
        NetworkResource replayed = new NetworkResource("office network", NET, Cidr.parse("10.20.0.0/16"),
                Cidr.parse("10.20.1.0/24"), forAnotherNetwork, key.publicKey().base64(), 51820, List.of(), 3);
        assertError("network office: the sealed WireGuard private key does not open with this node's key (sealed to "
                + "another node or for another network, or altered)", handle(entry(ALICE, Operation.DEPLOY, replayed)));
        assertEquals(1, mesh.calls.size());
    }

    @Test
    void recordsAreOwnerOnlyFilesThatOutliveTheComponentAndTheLogIsBounded() throws Exception {
        for (int v = 1; v <= 7; v++) {
            assertOk(handle(entry(ALICE, Operation.DEPLOY, resource(v, List.of()))));
        }
        Path record = directory.resolve("provision/networks/office.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(record)));
        var json = GridJson.parse(Files.readString(record)).getAsJsonObject();
        assertEquals(ALICE.id().text(), json.get("owner").getAsString());
        assertEquals(7, json.get("version").getAsLong());
        assertEquals(7, json.get("cursor").getAsLong());
        assertEquals("deploy", json.get("operation").getAsString());
        assertEquals("ok", json.getAsJsonObject("result").get("state").getAsString());

        ProvisionRecords reread = new ProvisionRecords(directory.resolve("provision"), 5);
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L), reread.recent().stream().map(e -> e.cursor()).toList());
        assertEquals("unchanged", reread.recent().get(4).data().get(ResultData.OUTCOME));
        assertEquals(ALICE.id().text(), reread.recent().get(4).user());
        assertEquals(7, reread.network(NET).orElseThrow().view().version());
    }

    @Test
    void aResultMessageIsOnePrintableLine() {
        assertEquals("a b", Provisioner.printable("a\n\tb"));
        assertEquals(4096, Provisioner.printable("x".repeat(5000)).length());
    }
}
