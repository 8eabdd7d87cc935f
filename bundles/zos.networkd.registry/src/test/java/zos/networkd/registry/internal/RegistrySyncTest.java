package zos.networkd.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.model.Interface;
import zos.grid.api.model.Node;
import zos.grid.api.model.PublicConfig;
import zos.grid.api.model.ResultState;
import zos.grid.api.model.UsedPorts;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadResult;
import zos.grid.registry.internal.LabRegistry;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.MacAddress;
import zos.networkd.api.identity.NodeIdentity;
import zos.networkd.identity.internal.TestIdentities;
import zos.networkd.testlab.Wait;

/**
 * The node's registry client against the real registry server (its servlet in Jetty, H2), with the
 * node's real identity; the test JVM runs in a throwaway zlab- namespace, so its loopback is its own.
 * What the node publishes is driven by the test here; the Pax Exam test drives it from real NICs.
 */
class RegistrySyncTest {
    private static final int PORT = 18181;
    private static final RegistrySync.Settings FAST = new RegistrySync.Settings(Duration.ofSeconds(5),
            Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(4));

    @TempDir
    Path work;
    private LabRegistry registry;
    private NodeIdentity identity;
    private KeyId nodeId;
    private SigningKey farmer;
    private SigningKey user;
    private long farm;
    private final AtomicReference<List<Interface>> nics = new AtomicReference<>(List.of());
    private final AtomicReference<UsedPorts> ports = new AtomicReference<>(new UsedPorts(List.of()));
    private final List<RegistrySync> started = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        registry = new LabRegistry(PORT);
        identity = TestIdentities.in(work.resolve("identity"));
        nodeId = KeyId.parse(identity.nodeId());
        farmer = SigningKey.generate();
        user = SigningKey.generate();
        farm = registry.registerFarm(farmer, "lab farm");
        registry.registerUser(user, "alice");
        nics.set(List.of(nic("eth0", "02:00:00:00:00:01", "198.51.100.7/24", "198.51.100.1")));
    }

    @AfterEach
    void tearDown() throws Exception {
        started.forEach(RegistrySync::close);
        registry.close();
    }

    static Interface nic(String name, String mac, String cidr, String gateway) {
        return new Interface(name, MacAddress.parse(mac), List.of(Cidr.parse(cidr)),
                gateway == null ? List.<InetAddress>of() : List.of(IpAddresses.parse(gateway)));
    }

    private RegistrySync client(Function<WorkloadEntry, Optional<WorkloadResult>> handler,
            List<PublicConfig> configs) throws Exception {
        return client(handler, configs, FAST);
    }

    private RegistrySync client(Function<WorkloadEntry, Optional<WorkloadResult>> handler,
            List<PublicConfig> configs, RegistrySync.Settings settings) throws Exception {
        RegistrySync sync = new RegistrySync(new RegistryHttp(registry.base(), identity),
                NodeFacts.registration(identity, farm, "0.1.0-test"), nics::get, ports::get, handler, configs::add,
                new ClientState(work.resolve("state")), settings);
        started.add(sync);
        sync.start();
        return sync;
    }

    private static Function<WorkloadEntry, Optional<WorkloadResult>> okay(Map<Long, AtomicInteger> calls) {
        return entry -> {
            calls.computeIfAbsent(entry.cursor(), c -> new AtomicInteger()).incrementAndGet();
            return Optional.of(new WorkloadResult(ResultState.OK, "applied " + entry.workload().resource().netId(),
                    Map.of("listen_port", "51820")));
        };
    }

    @Test
    void registersPublishesNicsWithTheirMacsAndFollowsChangesWithinTwoSeconds() throws Exception {
        RegistrySync sync = client(e -> Optional.empty(), new CopyOnWriteArrayList<>());
        Wait.until(Duration.ofSeconds(10), () -> sync.status().registered() && sync.status().interfacesPublished() != null,
                "registered and NICs published: " + sync.status());
        Node node = registry.node(nodeId);
        assertEquals(farm, node.farmId());
        assertEquals(List.of("eth0"), node.interfaces().stream().map(Interface::name).toList());
        assertEquals("02:00:00:00:00:01", node.interfaces().get(0).mac().text());
        assertTrue(node.agreementKey().isSignedBy(nodeId), "the published agreement key is the node's");

        // a NIC appears and an address changes: the registry has both within 2 s of the burst
        nics.set(List.of(nic("eth0", "02:00:00:00:00:01", "198.51.100.8/24", "198.51.100.1"),
                nic("eth1", "02:00:00:00:00:02", "203.0.113.9/24", null)));
        long changed = System.nanoTime();
        sync.nicsChanged();
        Wait.until(Duration.ofSeconds(2), () -> registry.node(nodeId).interfaces().size() == 2
                && registry.node(nodeId).interfaces().get(0).addresses().toString().contains("198.51.100.8/24"),
                "NIC changes in the registry within 2 s");
        System.out.printf("NIC change visible in the registry after %d ms%n", (System.nanoTime() - changed) / 1_000_000);

        ports.set(new UsedPorts(List.of(51820, 51821)));
        sync.portsChanged();
        Wait.until(Duration.ofSeconds(2), () -> registry.node(nodeId).usedPorts().ports().equals(List.of(51820, 51821)),
                "used ports published");

        // registering again (a restart) is idempotent: one node, still this farm
        sync.close();
        RegistrySync again = client(e -> Optional.empty(), new CopyOnWriteArrayList<>());
        Wait.until(Duration.ofSeconds(10), () -> again.status().registered(), "registered again");
        assertEquals(farm, registry.node(nodeId).farmId());
    }

    @Test
    void workloadsAreHandledInOrderAndTheirResultsReported() throws Exception {
        Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
        RegistrySync sync = client(okay(calls), new CopyOnWriteArrayList<>());
        Wait.until(Duration.ofSeconds(10), () -> sync.status().registered(), "registered");
        for (int i = 0; i < 3; i++) {
            registry.postWorkload(user, nodeId, identity.agreementPublicKey(), "net" + i);
        }
        Wait.until(Duration.ofSeconds(10), () -> registry.workloads(nodeId).workloads().stream()
                .allMatch(w -> w.result() != null), "three results in the registry");
        List<WorkloadEntry> entries = registry.workloads(nodeId).workloads();
        assertEquals(3, entries.size());
        for (WorkloadEntry entry : entries) {
            assertEquals(ResultState.OK, entry.result().state());
            assertEquals("applied " + entry.workload().resource().netId(), entry.result().message());
            assertEquals(1, calls.get(entry.cursor()).get());
        }
        assertEquals(entries.get(2).cursor(), sync.status().cursor());
        assertEquals(0, sync.status().queuedResults());
    }

    @Test
    void aNewWorkloadReachesTheNodeWithinASecondThroughTheLongPoll() throws Exception {
        CountDownLatch handled = new CountDownLatch(1);
        RegistrySync sync = client(entry -> {
            handled.countDown();
            return Optional.of(new WorkloadResult(ResultState.OK, "ok", Map.of()));
        }, new CopyOnWriteArrayList<>());
        Wait.until(Duration.ofSeconds(10), () -> sync.status().registered(), "registered");
        Thread.sleep(1500); // the client is waiting in a long poll now
        long posted = System.nanoTime();
        registry.postWorkload(user, nodeId, identity.agreementPublicKey(), "fast");
        assertTrue(handled.await(1, TimeUnit.SECONDS), "handled within a second of being posted");
        System.out.printf("workload handed over %d ms after it was posted%n", (System.nanoTime() - posted) / 1_000_000);
    }

    @Test
    void withoutTheLongPollTheClientPollsEveryIntervalAndStillGetsItsWorkloads() throws Exception {
        RegistrySync.Settings plain = new RegistrySync.Settings(Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofSeconds(4));
        Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
        RegistrySync sync = client(okay(calls), new CopyOnWriteArrayList<>(), plain);
        Wait.until(Duration.ofSeconds(10), () -> sync.status().registered(), "registered");
        Thread.sleep(2500); // a few empty polls, a second apart
        registry.postWorkload(user, nodeId, identity.agreementPublicKey(), "plain");
        Wait.until(Duration.ofSeconds(10), () -> calls.size() == 1 && sync.status().queuedResults() == 0,
                "the workload handled and its result delivered");
        assertEquals(1, calls.values().iterator().next().get());
    }

    @Test
    void resultsWaitOnDiskWhileTheRegistryIsAwayAndArriveOnceEachAfter() throws Exception {
        Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
        CountDownLatch release = new CountDownLatch(1);
        Function<WorkloadEntry, Optional<WorkloadResult>> ok = okay(calls);
        // the node registers, then all five wait for it, so that one poll brings them all
        RegistrySync registering = client(e -> Optional.empty(), new CopyOnWriteArrayList<>());
        Wait.until(Duration.ofSeconds(10), () -> registering.status().registered(), "registered");
        registering.close();
        for (int i = 0; i < 5; i++) {
            registry.postWorkload(user, nodeId, identity.agreementPublicKey(), "away" + i);
        }
        CountDownLatch first = new CountDownLatch(1);
        RegistrySync sync = client(entry -> {
            first.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ok.apply(entry);
        }, new CopyOnWriteArrayList<>());
        assertTrue(first.await(10, TimeUnit.SECONDS), "the client has the workloads");
        registry.stop();
        release.countDown(); // results are made while the registry is gone
        Wait.until(Duration.ofSeconds(10), () -> sync.status().queuedResults() == 5, "five results queued on disk");
        try (var files = Files.list(work.resolve("state"))) {
            List<Path> queued = files.filter(f -> f.getFileName().toString().startsWith("result-")).toList();
            assertEquals(5, queued.size());
            for (Path file : queued) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
        }
        Thread.sleep(60_000);
        assertEquals(5, sync.status().queuedResults(), "nothing lost while away");
        assertNotNull(sync.status().lastError());

        registry.start();
        Wait.until(Duration.ofSeconds(20), () -> sync.status().queuedResults() == 0, "queue delivered");
        List<WorkloadEntry> entries = registry.workloads(nodeId).workloads();
        assertEquals(5, entries.size());
        for (WorkloadEntry entry : entries) {
            assertNotNull(entry.result(), "result of " + entry.cursor());
            assertEquals(1, calls.get(entry.cursor()).get(), "handled once: " + entry.cursor());
        }
        Wait.until(Duration.ofSeconds(10), () -> sync.status().lastError() == null, "healthy again");
    }

    @Test
    void aRestartResumesFromThePersistedCursor() throws Exception {
        Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
        AtomicInteger budget = new AtomicInteger(2);
        Function<WorkloadEntry, Optional<WorkloadResult>> ok = okay(calls);
        RegistrySync first = client(entry -> budget.getAndDecrement() > 0 ? ok.apply(entry) : Optional.empty(),
                new CopyOnWriteArrayList<>());
        Wait.until(Duration.ofSeconds(10), () -> first.status().registered(), "registered");
        for (int i = 0; i < 4; i++) {
            registry.postWorkload(user, nodeId, identity.agreementPublicKey(), "resume" + i);
        }
        Wait.until(Duration.ofSeconds(10), () -> calls.size() == 2, "two handled before the restart");
        long cursor = first.status().cursor();
        first.close();

        RegistrySync second = client(ok, new CopyOnWriteArrayList<>());
        assertEquals(cursor, second.status().cursor(), "the cursor survived the restart");
        Wait.until(Duration.ofSeconds(10), () -> registry.workloads(nodeId).workloads().stream()
                .allMatch(w -> w.result() != null), "all four reported");
        assertEquals(4, calls.size());
        calls.values().forEach(count -> assertEquals(1, count.get()));
    }

    @Test
    void workloadsNotSignedByTheirUserOrForAnotherNodeNeverReachTheHandler() throws Exception {
        Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
        RegistrySync sync = client(okay(calls), new CopyOnWriteArrayList<>());
        Wait.until(Duration.ofSeconds(10), () -> sync.status().registered(), "registered");
        registry.postWorkload(user, nodeId, identity.agreementPublicKey(), "genuine");
        Wait.until(Duration.ofSeconds(10), () -> registry.workloads(nodeId).workloads().stream()
                .allMatch(w -> w.result() != null), "reported");
        WorkloadEntry genuine = registry.workloads(nodeId).workloads().get(0);

        // what a registry that lies could hand over: another user's signature, or another node's workload
        zos.grid.api.model.Workload w = genuine.workload();
        WorkloadEntry forged = new WorkloadEntry(99, genuine.created(), new zos.grid.api.model.Workload(
                SigningKey.generate().id(), w.node(), w.operation(), w.resource(), w.signature()), null, null);
        WorkloadResult refused = sync.resultOf(forged).orElseThrow();
        assertEquals(ResultState.ERROR, refused.state());
        assertTrue(refused.message().startsWith("workload is not signed by its user"), refused.message());

        WorkloadEntry elsewhere = new WorkloadEntry(100, genuine.created(), new zos.grid.api.model.Workload(
                w.user(), SigningKey.generate().id(), w.operation(), w.resource(), w.signature()), null, null);
        assertTrue(sync.resultOf(elsewhere).orElseThrow().message().startsWith("workload is for node"));
        assertEquals(1, calls.size(), "only the genuine workload reached the handler");
    }

    @Test
    void aNewPublicConfigVersionIsAnnounced() throws Exception {
        List<PublicConfig> heard = new CopyOnWriteArrayList<>();
        RegistrySync sync = client(e -> Optional.empty(), heard);
        Wait.until(Duration.ofSeconds(10), () -> sync.status().registered(), "registered");
        assertTrue(heard.isEmpty());
        registry.setPublicConfig(farmer, nodeId, new PublicConfig(PublicConfig.MACVLAN, "eth1",
                Cidr.parse("203.0.113.20/24"), IpAddresses.parse("203.0.113.1"), null, null, 0));
        Wait.until(Duration.ofSeconds(5), () -> heard.size() == 1, "public config announced");
        long version = heard.get(0).version();
        registry.setPublicConfig(farmer, nodeId, new PublicConfig(PublicConfig.MACVLAN, "eth1",
                Cidr.parse("203.0.113.21/24"), IpAddresses.parse("203.0.113.1"), null, null, 0));
        Wait.until(Duration.ofSeconds(5), () -> heard.size() == 2, "new version announced");
        assertTrue(heard.get(1).version() > version);
        assertEquals(heard.get(1).version(), sync.status().publicConfigVersion());
    }
}
