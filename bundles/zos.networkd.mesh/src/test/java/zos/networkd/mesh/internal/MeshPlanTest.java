package zos.networkd.mesh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.Names;
import zos.networkd.api.mesh.MeshPeer;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.NrLayout;
import zos.networkd.api.mesh.Workload;
import zos.networkd.api.nftables.NftTable;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PrivateKey;

/** Names, plans, tables and records: the pure parts, without a kernel. */
class MeshPlanTest {

    static MeshSettings settings(String nodeKey, Path dir) {
        return new MeshSettings("zlab-x-node", "zos", "zlab-x-", nodeKey, dir, Cidr.parse("100.127.0.0/16"), List.of(), 0);
    }

    @Test
    void namesFitIfnamsizAndDifferPerNodeAndNetwork(@TempDir Path dir) {
        NrNames a = new NrNames(settings("node-a", dir));
        NrNames b = new NrNames(settings("node-b", dir));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            for (NrNames names : List.of(a, b)) {
                NrLayout l = names.layout("net" + i, i);
                for (String link : List.of(l.bridge(), l.bridgePort(), l.gateway(), l.uplinkNode(), l.uplink(), l.wireguard())) {
                    Names.checkInterfaceName(link);
                    assertTrue(link.startsWith("zm"), link);
                    assertTrue(seen.add(link), "twice: " + link);
                }
                assertTrue(l.namespace().startsWith("zlab-x-zmn"));
                Names.checkInterfaceName(names.workloadLink("net" + i, "a-long-workload-id-" + i));
            }
        }
        assertEquals(a.layout("net1", 0), a.layout("net1", 0), "stable");
        assertEquals("100.127.0.6/31", a.uplinkNode4(3).toString());
        assertEquals("100.127.0.7/31", a.uplink4(3).toString());
        assertNotEquals(a.uplinkRange6(), b.uplinkRange6());
        assertTrue(a.uplinkRange6().contains(a.uplink6(3)) && a.uplink6(3).toString().endsWith(":3::2/64"), a.uplink6(3).toString());
    }

    @Test
    void thePlanDeclaresTheDeviceAsTheWireguardServiceMustRestoreIt(@TempDir Path dir) {
        MeshSettings settings = settings("node-a", dir);
        NrNames names = new NrNames(settings);
        PrivateKey key = PrivateKey.generate();
        MeshPeer peer = MeshPeer.of(PrivateKey.generate().publicKey(), Cidr.parse("10.9.2.0/24"),
                Endpoint.parse("198.51.100.2:31000"));
        NetworkResource r = new NetworkResource("n1", "", Cidr.parse("10.9.0.0/16"), Cidr.parse("10.9.1.0/24"), 0, null,
                List.of(peer));
        NrPlan plan = NrPlan.of(new NrRecord(r, null, key, 31001, 2, List.of(), Instant.now()), names, settings);
        assertEquals("zlab-x-node", plan.deviceSpec().socketNamespace());
        assertEquals(plan.namespace(), plan.deviceSpec().interfaceNamespace());
        assertEquals(List.of(Cidr.parse("100.64.9.1/16")), plan.deviceSpec().addresses());
        assertEquals(List.of(Cidr.parse("10.9.0.0/16"), zos.networkd.api.mesh.MeshAddressing.networkUla("n1")),
                plan.deviceSpec().routes());
        assertEquals(31001, plan.deviceConfig().listenPort());
        assertEquals(peer.routedPrefixes("n1"), plan.deviceConfig().peers().get(0).allowedIps());
        assertEquals(20, plan.deviceConfig().peers().get(0).persistentKeepalive());
        assertEquals("100.127.0.4/31", plan.uplinkNode4().toString());
    }

    @Test
    void theTablesLetNewConnectionsInOnlyThroughWireguard(@TempDir Path dir) {
        NrLayout l = new NrNames(settings("node-a", dir)).layout("n1", 0);
        NftTable nr = MeshTables.resource(l);
        assertEquals("zos-nr", nr.name());
        assertEquals(zos.networkd.api.nftables.NftHook.Policy.DROP, nr.chain("forward").orElseThrow().hook().policy());
        String forward = nr.chain("forward").orElseThrow().rules().toString();
        assertTrue(forward.contains(l.wireguard()) && forward.contains(l.gateway()), forward);
        assertFalse(forward.contains("IIFNAME, negated=false, values=[" + l.uplink() + "]"), "nothing new in from the uplink");
        NftTable node = MeshTables.node("zos", List.of(Cidr.parse("198.51.100.0/24")), List.of(), Cidr.parse("100.127.0.0/16"),
                Cidr.parse("fd00:1::/48"), true);
        assertEquals(List.of("198.51.100.0/24"), node.set("farm4").orElseThrow().elements());
        assertTrue(node.chain("forward").orElseThrow().rules().toString().contains("the uplink forwards only for"));
        assertFalse(MeshTables.node("zos", List.of(), List.of(), Cidr.parse("100.127.0.0/16"), Cidr.parse("fd00:1::/48"),
                false).chain("forward").orElseThrow().rules().toString().contains("the uplink forwards only for"));
    }

    @Test
    void recordsKeepTheKeyIn0600FilesAndNowhereElse(@TempDir Path dir) throws Exception {
        NrStore store = new NrStore(dir.resolve("mesh"));
        PrivateKey key = PrivateKey.generate();
        NetworkResource r = new NetworkResource("n1", "people's net", Cidr.parse("10.9.0.0/16"), Cidr.parse("10.9.1.0/24"),
                0, null, List.of(MeshPeer.of(PrivateKey.generate().publicKey(), Cidr.parse("10.9.2.0/24"), null)));
        Workload w = new Workload("w1", "wns", "eth0", "zmjabc", Cidr.parse("10.9.1.2/24"), Cidr.parse("fd00::2/64"), false);
        NrRecord record = new NrRecord(r, null, key, 31000, 4, List.of(w), Instant.parse("2024-01-01T00:00:00Z"));
        store.write(record);
        Path file = store.fileOf("n1");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory())));
        NrRecord read = store.loadAll().get(0);
        assertEquals(record, read);
        assertFalse(record.toString().contains(key.revealBase64()));
        assertTrue(Files.readString(file).contains(key.revealBase64()));
        assertEquals(List.of("peers: 1 added, 0 changed, 1 removed"), MeshManager.peerChanges(r.peers(),
                List.of(MeshPeer.of(PrivateKey.generate().publicKey(), Cidr.parse("10.9.3.0/24"), null))));
    }
}
