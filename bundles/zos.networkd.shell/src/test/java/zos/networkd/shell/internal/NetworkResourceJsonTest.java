package zos.networkd.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.mesh.MeshPeer;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.PublicKey;

/** The file format of zos:nr-apply. */
class NetworkResourceJsonTest {
    static final PublicKey KEY = PrivateKey.generate().publicKey();

    @Test
    void readsTheDocumentedFormat() {
        NetworkResource r = NetworkResourceJson.parse("""
                {"networkId": "demo", "name": "demo network", "ipRange": "10.1.0.0/16", "subnet": "10.1.1.0/24",
                 "listenPort": 31000,
                 "peers": [{"publicKey": "%s", "subnet": "10.1.2.0/24", "allowedIps": ["192.0.2.0/24"],
                            "endpoint": "198.51.100.2:30000", "keepalive": 25},
                           {"publicKey": "%s", "allowedIps": ["10.1.200.0/24"]}]}
                """.formatted(KEY, PrivateKey.generate().publicKey()));
        assertEquals("demo", r.networkId());
        assertEquals(Cidr.parse("10.1.0.0/16"), r.ipRange());
        assertEquals(31000, r.listenPort());
        assertNull(r.sealedPrivateKey());
        MeshPeer p = r.peers().get(0);
        assertEquals(new MeshPeer(KEY, Cidr.parse("10.1.2.0/24"), List.of(Cidr.parse("192.0.2.0/24")),
                Endpoint.parse("198.51.100.2:30000"), 25), p);
        assertEquals(MeshPeer.DEFAULT_KEEPALIVE, r.peers().get(1).persistentKeepalive());
        assertNull(r.peers().get(1).endpoint());
        assertEquals(0, NetworkResourceJson.parse("{\"networkId\":\"x\",\"ipRange\":\"10.1.0.0/16\",\"subnet\":\"10.1.1.0/24\"}")
                .listenPort());
    }

    static String refusal(String json) {
        return assertThrows(IllegalArgumentException.class, () -> NetworkResourceJson.parse(json)).getMessage();
    }

    @Test
    void saysWhatIsWrongAndWhere() {
        assertTrue(refusal("{").startsWith("not valid JSON"));
        assertTrue(refusal("{\"networkId\":\"x\",\"iprange\":\"10.1.0.0/16\"}").contains("unknown field 'iprange'"));
        assertTrue(refusal("{\"ipRange\":\"10.1.0.0/16\"}").contains("'networkId' is required"));
        assertTrue(refusal("{\"networkId\":\"x\",\"ipRange\":\"10.1.0.0/16\",\"subnet\":\"10.1.1.0\"}")
                .contains("subnet: '10.1.1.0' is not a prefix"));
        String badKey = refusal("{\"networkId\":\"x\",\"ipRange\":\"10.1.0.0/16\",\"subnet\":\"10.1.1.0/24\","
                + "\"peers\":[{\"publicKey\":\"abc\",\"subnet\":\"10.1.2.0/24\"}]}");
        assertTrue(badKey.contains("peers[0]") && badKey.contains("not a WireGuard key"), badKey);
        assertTrue(refusal("{\"networkId\":\"x\",\"ipRange\":\"10.1.0.0/16\",\"subnet\":\"10.1.1.0/24\",\"listenPort\":\"a\"}")
                .contains("'listenPort' must be a whole number"));
        assertTrue(refusal("{\"networkId\":\"x\",\"ipRange\":\"10.1.0.0/16\",\"subnet\":\"10.2.1.0/24\"}")
                .contains("outside the network's range"));
    }
}
