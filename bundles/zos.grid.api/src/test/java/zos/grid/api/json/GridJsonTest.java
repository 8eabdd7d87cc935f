package zos.grid.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import zos.grid.api.crypto.AgreementKeyPair;
import zos.grid.api.crypto.SealedSecrets;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.model.AgreementKey;
import zos.grid.api.model.Farm;
import zos.grid.api.model.Interface;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.Node;
import zos.grid.api.model.NodeRegistration;
import zos.grid.api.model.Operation;
import zos.grid.api.model.Peer;
import zos.grid.api.model.PublicConfig;
import zos.grid.api.model.ResultState;
import zos.grid.api.model.UsedPorts;
import zos.grid.api.model.ValidationException;
import zos.grid.api.model.Workload;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadPage;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.MacAddress;

class GridJsonTest {
    private static final SigningKey NODE = SigningKey.generate();
    private static final SigningKey USER = SigningKey.generate();
    private static final AgreementKeyPair AGREEMENT = AgreementKeyPair.generate();

    static Interface eth0() {
        return new Interface("eth0", MacAddress.parse("02:5a:00:01:00:00"),
                List.of(Cidr.parse("198.51.100.10/24"), Cidr.parse("2001:db8:100::10/64")),
                List.of(IpAddresses.parse("198.51.100.1"), IpAddresses.parse("fe80::1")));
    }

    static NetworkResource resource() {
        return new NetworkResource("office", "net1", Cidr.parse("10.10.0.0/16"), Cidr.parse("10.10.1.0/24"),
                SealedSecrets.sealTo(NODE.id(), AGREEMENT.publicKey(), new byte[0], new byte[32]),
                Base64.getEncoder().encodeToString(new byte[32]), 51820,
                List.of(new Peer(Cidr.parse("10.10.2.0/24"), Base64.getEncoder().encodeToString(new byte[32]),
                        List.of(Cidr.parse("10.10.2.0/24"), Cidr.parse("100.64.10.2/32")), "203.0.113.5:51820"),
                        new Peer(Cidr.parse("10.10.3.0/24"), Base64.getEncoder().encodeToString(new byte[32]),
                                List.of(Cidr.parse("10.10.3.0/24")), "")), 1);
    }

    @Test
    void everyRecordRoundTrips() {
        Farm farm = new Farm(7, "farm one", USER.id());
        assertEquals(farm, GridJson.farm(reparse(GridJson.toJson(farm))));

        NodeRegistration registration = new NodeRegistration(NODE.id(), 7, "node1", "0.1.0",
                AgreementKey.signedBy(NODE, AGREEMENT.publicKey()));
        assertEquals(registration, GridJson.nodeRegistration(reparse(GridJson.toJson(registration))));

        List<Interface> nics = List.of(eth0(), new Interface("eth1", null, List.of(), List.of()));
        assertEquals(nics, GridJson.interfaces(reparse(GridJson.toJson(nics))));

        PublicConfig config = new PublicConfig("macvlan", "eth1", Cidr.parse("203.0.113.10/24"), IpAddresses.parse("203.0.113.1"),
                Cidr.parse("2001:db8:1::10/64"), IpAddresses.parse("2001:db8:1::1"), 3);
        assertEquals(config, GridJson.publicConfig(reparse(GridJson.toJson(config))));

        Node node = new Node(NODE.id(), 7, "node1", "0.1.0", registration.agreementKey(), Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-01-01T00:01:00Z"), nics, new UsedPorts(List.of(51821, 51820)), config);
        assertEquals(node, GridJson.node(reparse(GridJson.toJson(node))));
        assertEquals(List.of(51820, 51821), node.usedPorts().ports());

        Workload workload = GridJson.signWorkload(USER, NODE.id(), Operation.DEPLOY, resource());
        assertTrue(GridJson.isSignedByItsUser(workload));
        assertEquals(workload, GridJson.workload(reparse(GridJson.toJson(workload))));
        WorkloadResult result = new WorkloadResult(ResultState.ERROR, "wireguard listen port already in use, pick another one",
                Map.of("port", "51820"));
        WorkloadEntry entry = new WorkloadEntry(4, Instant.parse("2025-01-01T00:02:00Z"), workload, result,
                Instant.parse("2025-01-01T00:02:01Z"));
        WorkloadPage page = new WorkloadPage(List.of(entry), 4, false);
        assertEquals(page, GridJson.workloadPage(reparse(GridJson.toJson(page))));
    }

    @Test
    void aNodeGeneratedKeyTravelsAsNullAndAnEmptyPublicKey() {
        NetworkResource nodeKey = new NetworkResource("office", "net1", Cidr.parse("10.10.0.0/16"), Cidr.parse("10.10.1.0/24"),
                null, "", 0, List.of(), 2);
        assertTrue(nodeKey.nodeGeneratesKey());
        Workload workload = GridJson.signWorkload(USER, NODE.id(), Operation.DEPLOY, nodeKey);
        assertEquals(workload, GridJson.workload(reparse(GridJson.toJson(workload))));
        assertTrue(GridJson.isSignedByItsUser(workload));
        ValidationException publicKeyWithout = assertThrows(ValidationException.class, () -> new NetworkResource("office",
                "net1", Cidr.parse("10.10.0.0/16"), Cidr.parse("10.10.1.0/24"), null,
                Base64.getEncoder().encodeToString(new byte[32]), 0, List.of(), 1));
        assertEquals("wg_public_key", publicKeyWithout.field());
        ValidationException noVersion = assertThrows(ValidationException.class, () -> new NetworkResource("office",
                "net1", Cidr.parse("10.10.0.0/16"), Cidr.parse("10.10.1.0/24"), null, "", 0, List.of(), 0));
        assertEquals("version", noVersion.field());
    }

    @Test
    void canonicalJsonIsStableSoSignaturesHold() {
        Workload workload = GridJson.signWorkload(USER, NODE.id(), Operation.DEPLOY, resource());
        Workload reread = GridJson.workload(GridJson.parse(GridJson.toText(GridJson.toJson(workload))));
        assertTrue(GridJson.isSignedByItsUser(reread));
        NetworkResource other = new NetworkResource("office", "net1", Cidr.parse("10.10.0.0/16"), Cidr.parse("10.10.1.0/24"),
                workload.resource().wgPrivateKey(), workload.resource().wgPublicKey(), 51821, workload.resource().peers(), 1);
        Workload tampered = new Workload(workload.user(), workload.node(), workload.operation(), other, workload.signature());
        assertFalse(GridJson.isSignedByItsUser(tampered));
    }

    @Test
    void errorsNameTheField() {
        String goodNic = GridJson.toText(GridJson.toJson(eth0()));
        assertField("[1].mac", () -> GridJson.interfaces(GridJson.parse("[" + goodNic + ","
                + goodNic.replace("eth0", "eth1").replace("02:5a:00:01:00:00", "zz:00") + "]")));
        assertField("[0].addresses[1]", () -> GridJson.interfaces(GridJson.parse("["
                + goodNic.replace("2001:db8:100::10/64", "2001:db8::1/129") + "]")));
        assertField("[1].name", () -> GridJson.interfaces(GridJson.parse("[" + goodNic + "," + goodNic + "]")));
        assertField("[0].name", () -> GridJson.interfaces(GridJson.parse("[" + goodNic.replace("eth0", "a-very-long-interface") + "]")));
        assertField("[0].colour", () -> GridJson.interfaces(GridJson.parse("[" + goodNic.replace("{", "{\"colour\":1,") + "]")));
        assertField("body", () -> GridJson.interfaces(GridJson.parse("{}")));
        assertField("body", () -> GridJson.parse("{\"a\":"));
        assertField("body", () -> GridJson.parse("{} {}"));
        assertField("ports[1]", () -> GridJson.usedPorts(GridJson.parse("{\"ports\":[1,70000]}")));
        assertField("farm_id", () -> GridJson.nodeRegistration(GridJson.parse("{\"id\":\"" + NODE.id() + "\",\"farm_id\":\"x\"}")));
        assertField("gateway4", () -> GridJson.publicConfig(GridJson.parse(
                "{\"type\":\"macvlan\",\"master\":\"eth1\",\"ipv4\":\"203.0.113.10/24\",\"gateway4\":\"198.51.100.1\"}")));
        assertField("type", () -> GridJson.publicConfig(GridJson.parse("{\"type\":\"bridge\",\"master\":\"eth1\",\"ipv4\":\"203.0.113.10/24\"}")));

        String workload = GridJson.toText(GridJson.toJson(GridJson.signWorkload(USER, NODE.id(), Operation.DEPLOY, resource())));
        assertField("resource.peers[0].endpoint", () -> GridJson.workload(GridJson.parse(workload.replace("203.0.113.5:51820", "nope"))));
        assertField("resource.subnet", () -> GridJson.workload(GridJson.parse(workload.replace("10.10.1.0/24", "10.11.1.0/24"))));
        assertField("resource.net_id", () -> GridJson.workload(GridJson.parse(workload.replace("\"net1\"", "\"NET-1\""))));
        assertField("resource.wg_private_key.enc", () -> GridJson.workload(GridJson.parse(workload.replaceFirst("\"enc\":\"[^\"]*\"", "\"enc\":\"AAAA\""))));
        assertField("operation", () -> GridJson.workload(GridJson.parse(workload.replace("\"deploy\"", "\"launch\""))));
    }

    @Test
    void agreementKeyMustBeSignedByTheNode() {
        AgreementKey foreign = AgreementKey.signedBy(SigningKey.generate(), AGREEMENT.publicKey());
        ValidationException e = assertThrows(ValidationException.class,
                () -> new NodeRegistration(NODE.id(), 1, "node1", "0.1.0", foreign));
        assertEquals("agreement_key.signature", e.field());
    }

    @Test
    void missingResultDataReadsAsEmpty() {
        WorkloadResult result = GridJson.workloadResult(GridJson.parse("{\"state\":\"ok\",\"message\":\"up\"}"));
        assertEquals(ResultState.OK, result.state());
        assertTrue(result.data().isEmpty());
        assertNull(GridJson.node(reparse(GridJson.toJson(new Node(NODE.id(), 7, "n", "v", AgreementKey.signedBy(NODE, AGREEMENT.publicKey()),
                Instant.EPOCH, Instant.EPOCH, List.of(), new UsedPorts(List.of()), null)))).publicConfig());
    }

    private static com.google.gson.JsonElement reparse(com.google.gson.JsonElement json) {
        return GridJson.parse(GridJson.toText(json).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertField(String field, Executable executable) {
        ValidationException e = assertThrows(ValidationException.class, executable);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
        assertFalse(e.reason().isBlank());
    }
}
