package zos.networkd.api.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.PublicKey;

/** Declarations are checked before anything happens; the derived addresses are the same everywhere. */
class MeshModelTest {
    static final Cidr RANGE = Cidr.parse("10.1.0.0/16");
    static final PublicKey KEY = PrivateKey.generate().publicKey();

    static String refusal(Runnable declaration) {
        return assertThrows(IllegalArgumentException.class, declaration::run).getMessage();
    }

    @Test
    void addressesDeriveFromTheNetworkAndTheSubnet() {
        Cidr subnet = Cidr.parse("10.1.2.0/24");
        assertEquals("10.1.2.1/24", MeshAddressing.gateway(subnet).toString());
        assertEquals("100.64.1.2/16", MeshAddressing.wireguardAddress(subnet).toString());
        assertEquals("100.64.1.2/32", MeshAddressing.wireguardHost(subnet).toString());
        Cidr ula48 = MeshAddressing.networkUla("net");
        assertEquals(48, ula48.prefixLength());
        assertTrue(ula48.toString().startsWith("fd"));
        assertEquals(ula48, MeshAddressing.networkUla("net"), "stable");
        assertFalse(ula48.equals(MeshAddressing.networkUla("other")));
        Cidr ula64 = MeshAddressing.ula("net", subnet);
        assertTrue(ula48.contains(ula64));
        assertTrue(ula64.toString().contains(":102::/64"), ula64.toString());
        assertEquals(ula64.host(1), MeshAddressing.gatewayUla("net", subnet).address());
        assertEquals(ula64.host(7), MeshAddressing.workloadUla("net", subnet, IpAddresses.parse("10.1.2.7")).address());
    }

    @Test
    void aPeersRoutedPrefixesAreItsSubnetItsWireguardAddressItsUlaAndWhatItAllows() {
        MeshPeer peer = new MeshPeer(KEY, Cidr.parse("10.1.3.0/24"), List.of(Cidr.parse("192.0.2.0/24")),
                Endpoint.parse("198.51.100.2:30000"), MeshPeer.DEFAULT_KEEPALIVE);
        assertEquals(List.of(Cidr.parse("10.1.3.0/24"), Cidr.parse("100.64.1.3/32"), MeshAddressing.ula("n", Cidr.parse("10.1.3.0/24")),
                Cidr.parse("192.0.2.0/24")), peer.routedPrefixes("n"));
        assertTrue(refusal(() -> new MeshPeer(KEY, null, List.of(), null, 20)).contains("neither subnet nor allowed IPs"));
        assertTrue(refusal(() -> new MeshPeer(KEY, Cidr.parse("10.1.3.0/25"), List.of(), null, 20)).contains("/24"));
    }

    @Test
    void badDeclarationsSayWhatIsWrong() {
        Cidr subnet = Cidr.parse("10.1.1.0/24");
        assertTrue(refusal(() -> new NetworkResource("bad id!", "", RANGE, subnet, 0, null, List.of())).contains("network id"));
        assertTrue(refusal(() -> new NetworkResource("n", "x".repeat(65), RANGE, subnet, 0, null, List.of()))
                .contains("name is 65 characters"));
        assertTrue(refusal(() -> new NetworkResource("n", "", Cidr.parse("10.0.0.0/7"), subnet, 0, null, List.of()))
                .contains("/8 to /24"));
        assertTrue(refusal(() -> new NetworkResource("n", "", Cidr.parse("10.1.0.1/16"), subnet, 0, null, List.of()))
                .contains("host bits"));
        assertTrue(refusal(() -> new NetworkResource("n", "", RANGE, Cidr.parse("10.2.1.0/24"), 0, null, List.of()))
                .contains("outside the network's range 10.1.0.0/16"));
        assertTrue(refusal(() -> new NetworkResource("n", "", RANGE, Cidr.parse("10.1.1.0/23"), 0, null, List.of()))
                .contains("not an IPv4 /24"));
        assertTrue(refusal(() -> new NetworkResource("n", "", RANGE, subnet, 70000, null, List.of())).contains("70000"));
        MeshPeer covering = new MeshPeer(KEY, null, List.of(Cidr.parse("10.1.0.0/16")), null, 20);
        assertTrue(refusal(() -> new NetworkResource("n", "", RANGE, subnet, 0, null, List.of(covering)))
                .contains("covers this node's own 10.1.1.0/24"));
        MeshPeer p1 = MeshPeer.of(KEY, Cidr.parse("10.1.2.0/24"), null);
        MeshPeer p2 = new MeshPeer(PrivateKey.generate().publicKey(), null, List.of(Cidr.parse("10.1.2.128/25")), null, 20);
        assertTrue(refusal(() -> new NetworkResource("n", "", RANGE, subnet, 0, null, List.of(p1, p2))).contains("both claim"));
        assertTrue(refusal(() -> new NetworkResource("n", "", RANGE, subnet, 0, null, List.of(p1, p1))).contains("twice"));
    }

    @Test
    void theSealedKeyIsNeverShown() {
        NetworkResource r = new NetworkResource("n", "", RANGE, Cidr.parse("10.1.1.0/24"), 0, "U0VBTEVELUtFWQ==", List.of());
        assertFalse(r.toString().contains("U0VBTEVELUtFWQ"), r.toString());
    }
}
