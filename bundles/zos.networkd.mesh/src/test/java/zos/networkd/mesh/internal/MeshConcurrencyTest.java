package zos.networkd.mesh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.mesh.ApplyResult;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.NrStatus;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabExtension;

/** Many resources applied and deleted at once on one lab node: every port leased once, nothing leaked. */
@ExtendWith(LabExtension.class)
class MeshConcurrencyTest {
    private static final int COUNT = 50;

    @Test
    void fiftyResourcesAtOnceGetDistinctPortsAndLeaveNothingWhenDeleted(Lab lab) throws Exception {
        String internet = LabNode.internet(lab);
        LabNode node = new LabNode(lab, "c", internet, "198.51.100.30", null).start();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<ApplyResult>> applied = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                NetworkResource r = new NetworkResource("conc" + i, "", Cidr.parse("10." + (100 + i) + ".0.0/16"),
                        Cidr.parse("10." + (100 + i) + ".1.0/24"), 0, null, List.of());
                applied.add(pool.submit(() -> node.mesh.apply(r)));
            }
            Set<Integer> ports = new HashSet<>();
            Set<String> namespaces = new HashSet<>();
            Set<Integer> slots = new HashSet<>();
            for (Future<ApplyResult> f : applied) {
                NrStatus s = f.get().status();
                assertEquals(ApplyResult.Outcome.CREATED, f.get().outcome());
                ports.add(s.listenPort());
                namespaces.add(s.layout().namespace());
                slots.add(s.layout().uplinkIndex());
            }
            assertEquals(COUNT, ports.size(), "no port leased twice: " + ports);
            assertEquals(COUNT, slots.size());
            assertEquals(COUNT, node.ports.leases().size());
            assertEquals(COUNT, node.wireguard.names().size());
            for (String ns : namespaces) {
                assertTrue(Files.exists(Path.of("/run/netns", ns)), ns);
            }
            // each one is whole
            assertTrue(node.mesh.list().stream().allMatch(s -> s.problems().isEmpty()),
                    node.mesh.list().stream().filter(s -> !s.problems().isEmpty()).toList().toString());
            List<Long> pids = node.wireguard.names().stream().map(n -> node.wireguard.state(n).pid()).toList();

            List<Future<Boolean>> deleted = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                String id = "conc" + i;
                deleted.add(pool.submit(() -> node.mesh.delete(id)));
            }
            for (Future<Boolean> f : deleted) {
                assertTrue(f.get());
            }
            for (String ns : namespaces) {
                assertFalse(Files.exists(Path.of("/run/netns", ns)), ns + " left");
            }
            assertEquals("", lab.runIn(node.ns, "ip", "-o", "link", "show").lines().filter(l -> l.contains(": zm"))
                    .reduce("", String::concat));
            assertEquals(List.of(), node.ports.leases());
            assertEquals(List.of(), node.wireguard.names());
            assertTrue(pids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)),
                    "a wireguard-go survived");
            assertFalse(lab.runIn(node.ns, "nft", "list", "tables").contains("zos-mesh"));
            try (var files = Files.list(node.mesh.stateDirectory())) {
                assertEquals(List.of(), files.toList());
            }
        } finally {
            pool.shutdownNow();
            node.shutDown();
        }
    }
}
