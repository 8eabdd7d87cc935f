package zos.networkd.wireguard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.DeviceConfig;
import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.DeviceState;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PeerConfig;
import zos.networkd.api.wireguard.PeerState;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.PublicKey;
import zos.networkd.api.wireguard.WireguardBackend;
import zos.networkd.api.wireguard.WireguardException;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.Wait;

/**
 * What the WireGuard service must do, whatever the backend: two "nodes" (namespaces joined by a
 * veth on 198.51.100.0/24), on each a device whose UDP socket listens in the node and whose
 * interface is moved into a network resource's namespace, each the other's peer; workload
 * addresses (IPv4 and an IPv6 ULA) behind them. {@code wg show} is the independent observer.
 * Subclasses pick the backend; one that cannot run here is skipped with its reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WireguardBehaviour {
    private static final SecureRandom RANDOM = new SecureRandom();

    protected NetlinkHostNetworking host;
    protected Lab lab;
    protected Path state;
    protected WireguardComponent service;
    protected String nodeA;
    protected String nodeB;
    protected String nrA;
    protected String nrB;

    /** Why the backend cannot run on this machine, empty when it can. */
    protected abstract Optional<String> unavailable(NetlinkHostNetworking host);

    private Optional<String> unavailable = Optional.empty();

    /** The backend under test. */
    protected abstract Backend backend(NetlinkHostNetworking host, Path state);

    protected abstract WireguardBackend kind();

    @BeforeAll
    void setUpLab(Lab lab) throws IOException {
        this.lab = lab;
        host = NetlinkHostNetworking.standalone(false);
        unavailable = unavailable(host);
        if (unavailable.isPresent()) {
            return;
        }
        state = Files.createTempDirectory("zos-wg-test");
        nodeA = lab.namespace("nodea");
        nodeB = lab.namespace("nodeb");
        nrA = lab.namespace("nra");
        nrB = lab.namespace("nrb");
        lab.veth(nodeA, "up0", nodeB, "up0");
        lab.runIn(nodeA, "ip", "addr", "add", "198.51.100.1/24", "dev", "up0");
        lab.runIn(nodeB, "ip", "addr", "add", "198.51.100.2/24", "dev", "up0");
        lab.runIn(nodeA, "ip", "link", "set", "up0", "up");
        lab.runIn(nodeB, "ip", "link", "set", "up0", "up");
        // the workloads' addresses, on lo of each network resource's namespace
        lab.runIn(nrA, "ip", "addr", "add", "10.10.1.1/32", "dev", "lo");
        lab.runIn(nrA, "ip", "addr", "add", "fd12:3456:789a:1::1/128", "dev", "lo");
        lab.runIn(nrB, "ip", "addr", "add", "10.10.2.1/32", "dev", "lo");
        lab.runIn(nrB, "ip", "addr", "add", "fd12:3456:789a:2::1/128", "dev", "lo");
        service = WireguardComponent.standalone(host, backend(host, state), state, Duration.ofSeconds(1));
    }

    /** Each test of a backend that cannot run here is reported skipped, with the reason. */
    @BeforeEach
    void requireBackend() {
        assumeTrue(unavailable.isEmpty(), () -> kind() + " WireGuard cannot run here: " + unavailable.orElse(""));
    }

    @AfterEach
    void deleteDevices() {
        if (service != null) {
            for (String name : service.names()) {
                service.delete(name);
            }
        }
    }

    @AfterAll
    void tearDown() throws IOException {
        if (service != null) {
            service.deactivate();
        }
        if (host != null) {
            host.deactivate();
        }
        if (state != null) {
            try (Stream<Path> walk = Files.walk(state)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    // ---- helpers ----

    /** A name unique on the machine (the UAPI socket directory is shared by all namespaces). */
    protected static String deviceName(String role) {
        return "wt" + String.format("%04x", RANDOM.nextInt(0x10000)) + role;
    }

    /** Both ends of a tunnel between the two nodes. */
    protected record Pair(String a, String b, PrivateKey keyA, PrivateKey keyB, int portA, int portB) {
    }

    protected static PeerConfig peerOfA(PrivateKey keyA, int portA, int keepalive) {
        return new PeerConfig(keyA.publicKey(), null, Endpoint.parse("198.51.100.1:" + portA),
                List.of(Cidr.parse("10.10.1.0/24"), Cidr.parse("fd12:3456:789a:1::/64")), keepalive);
    }

    protected static PeerConfig peerOfB(PrivateKey keyB, int portB, int keepalive) {
        return new PeerConfig(keyB.publicKey(), null, Endpoint.parse("198.51.100.2:" + portB),
                List.of(Cidr.parse("10.10.2.0/24"), Cidr.parse("fd12:3456:789a:2::/64")), keepalive);
    }

    protected DeviceSpec spec(String name, String node, String nr) {
        return DeviceSpec.moved(name, node, nr)
                .withRoutes(List.of(Cidr.parse("10.10.0.0/16"), Cidr.parse("fd12:3456:789a::/48")));
    }

    protected Pair tunnel() {
        return tunnel(0);
    }

    /** With a keepalive, as network resources have it: a restarted side then starts the handshake itself. */
    protected Pair tunnel(int keepalive) {
        Pair p = new Pair(deviceName("a"), deviceName("b"), PrivateKey.generate(), PrivateKey.generate(),
                40000 + RANDOM.nextInt(10000), 50000 + RANDOM.nextInt(10000));
        service.create(spec(p.a(), nodeA, nrA), DeviceConfig.of(p.keyA(), p.portA(), List.of(peerOfB(p.keyB(), p.portB(), keepalive))));
        service.create(spec(p.b(), nodeB, nrB), DeviceConfig.of(p.keyB(), p.portB(), List.of(peerOfA(p.keyA(), p.portA(), keepalive))));
        return p;
    }

    protected void ping4() {
        Wait.until(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
            lab.runIn(nrB, "ping", "-c", "1", "-W", "1", "-I", "10.10.2.1", "10.10.1.1");
            return true;
        }, "ping 10.10.1.1 from 10.10.2.1 through the tunnel");
    }

    protected void ping6() {
        Wait.until(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
            lab.runIn(nrB, "ping", "-6", "-c", "1", "-W", "1", "-I", "fd12:3456:789a:2::1", "fd12:3456:789a:1::1");
            return true;
        }, "ping fd12:3456:789a:1::1 through the tunnel");
    }

    protected boolean linkExists(String ns, String name) {
        return lab.ipJson(ns, "link", "show").toString().contains("\"ifname\":\"" + name + "\"");
    }

    protected void assertNothingLeft(String name, long pid) {
        assertFalse(Files.exists(WireguardComponent.RUN_DIRECTORY.resolve(name + ".sock")), name + ": socket left");
        for (String ns : List.of(nodeA, nodeB, nrA, nrB)) {
            assertFalse(linkExists(ns, name), name + ": interface left in " + ns);
        }
        assertFalse(Files.exists(service.stateDirectory().resolve(name + ".json")), name + ": state file left");
        if (pid != 0) {
            assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), name + ": process " + pid + " left");
        }
        assertFalse(service.exists(name));
    }

    // ---- tests ----

    @Test
    void pingsThroughTheTunnelOverIpv4AndIpv6AndWgShowSeesIt() {
        Pair p = tunnel();
        ping4();
        ping6();
        WgShow.Dump shown = WgShow.dump(lab, nrA, p.a());
        assertEquals(p.keyA().publicKey().base64(), shown.publicKey());
        assertEquals(p.portA(), shown.listenPort());
        WgShow.Peer b = shown.peers().get(p.keyB().publicKey().base64());
        assertNotNull(b, "wg show lists B as peer of A: " + shown);
        assertTrue(b.latestHandshake() > 0, "handshake shown by wg: " + b);
        assertTrue(b.rx() > 0 && b.tx() > 0, "transfer shown by wg: " + b);
        assertEquals("198.51.100.2:" + p.portB(), b.endpoint());
        assertEquals(List.of("10.10.2.0/24", "fd12:3456:789a:2::/64"), b.allowedIps());

        // our reading says the same as wg's
        DeviceState ours = service.state(p.a());
        assertEquals(kind(), ours.backend());
        assertEquals(p.keyA().publicKey(), ours.publicKey());
        assertEquals(p.portA(), ours.listenPort());
        PeerState peer = ours.peer(p.keyB().publicKey()).orElseThrow();
        assertEquals(Endpoint.parse(b.endpoint()), peer.endpoint());
        assertEquals(b.latestHandshake(), peer.lastHandshake().getEpochSecond());
        assertTrue(peer.rxBytes() >= b.rx() && peer.txBytes() >= b.tx(), peer + " vs " + b);
        assertEquals(List.of(Cidr.parse("10.10.2.0/24"), Cidr.parse("fd12:3456:789a:2::/64")), peer.allowedIps());

        // the UDP socket listens in the node, the interface is in the network resource's namespace
        assertTrue(lab.runIn(nodeA, "ss", "-Huln").contains(":" + p.portA()), "socket in the node namespace");
        assertFalse(lab.runIn(nrA, "ss", "-Huln").contains(":" + p.portA()), "no socket in the NR namespace");
        assertTrue(linkExists(nrA, p.a()) && !linkExists(nodeA, p.a()));
    }

    @Test
    void peersAreUpdatedInPlaceWithoutLosingTheHandshake() throws Exception {
        Pair p = tunnel();
        ping4();
        String keyB = p.keyB().publicKey().base64();
        long handshake = WgShow.dump(lab, nrA, p.a()).peers().get(keyB).latestHandshake();
        assertTrue(handshake > 0);
        Thread.sleep(1100); // a new handshake would now show a later second

        PrivateKey third = PrivateKey.generate();
        PeerConfig changedB = peerOfB(p.keyB(), p.portB(), 0).withKeepalive(25)
                .withAllowedIps(List.of(Cidr.parse("10.10.2.0/24"), Cidr.parse("fd12:3456:789a:2::/64"),
                        Cidr.parse("10.10.3.0/24")));
        PeerConfig thirdPeer = PeerConfig.of(third.publicKey(), List.of(Cidr.parse("10.10.9.0/24")));
        service.setPeers(p.a(), List.of(changedB, thirdPeer));

        WgShow.Dump shown = WgShow.dump(lab, nrA, p.a());
        WgShow.Peer b = shown.peers().get(keyB);
        assertEquals(handshake, b.latestHandshake(), "the session with B was kept");
        assertEquals("25", b.keepalive());
        assertEquals(List.of("10.10.2.0/24", "10.10.3.0/24", "fd12:3456:789a:2::/64"),
                b.allowedIps().stream().sorted().toList());
        assertTrue(shown.peers().containsKey(third.publicKey().base64()), "new peer added: " + shown);
        ping4();

        // removing the third peer touches nothing else
        service.setPeers(p.a(), List.of(changedB));
        shown = WgShow.dump(lab, nrA, p.a());
        assertEquals(1, shown.peers().size(), shown.toString());
        assertEquals(handshake, shown.peers().get(keyB).latestHandshake());

        // applying the same configuration again changes nothing, and says so in the record
        DeviceConfig current = service.config(p.a());
        service.configure(p.a(), current);
        assertEquals(current, service.config(p.a()));
    }

    @Test
    void deleteLeavesNothing() {
        Pair p = tunnel();
        ping4();
        long pidA = service.state(p.a()).pid();
        service.delete(p.a());
        service.delete(p.b());
        assertNothingLeft(p.a(), pidA);
        assertNothingLeft(p.b(), 0);
        WireguardException again = assertThrows(WireguardException.class, () -> service.delete(p.a()));
        assertTrue(again.getMessage().contains(p.a()), again.getMessage());
    }

    @Test
    void badInputIsRefusedClearlyAndLeavesNothing() throws IOException {
        PrivateKey key = PrivateKey.generate();
        String secretText = key.revealBase64().substring(0, 43) + "!";
        IllegalArgumentException badPrivate = assertThrows(IllegalArgumentException.class, () -> PrivateKey.parse(secretText));
        assertTrue(badPrivate.getMessage().contains("WireGuard private key"), badPrivate.getMessage());
        assertFalse(badPrivate.getMessage().contains(secretText.substring(0, 20)), "never quotes a private key");
        IllegalArgumentException badPublic = assertThrows(IllegalArgumentException.class, () -> PublicKey.parse("abc"));
        assertTrue(badPublic.getMessage().contains("public key") && badPublic.getMessage().contains("abc"));
        IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class, () -> DeviceConfig.of(key, 70000, List.of()));
        assertTrue(badPort.getMessage().contains("70000"), badPort.getMessage());
        IllegalArgumentException longName = assertThrows(IllegalArgumentException.class,
                () -> DeviceSpec.in("wg-name-far-too-long", nodeA));
        assertTrue(longName.getMessage().contains("wg-name-far-too-long"), longName.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceSpec.in("wg/1", nodeA));
        IllegalArgumentException self = assertThrows(IllegalArgumentException.class,
                () -> DeviceConfig.of(key, 51820, List.of(PeerConfig.of(key.publicKey(), List.of()))));
        assertTrue(self.getMessage().contains("own key"), self.getMessage());

        // a namespace that does not exist
        String ghost = deviceName("g");
        WireguardException noNamespace = assertThrows(WireguardException.class,
                () -> service.create(DeviceSpec.moved(ghost, nodeA, lab.name("ghost")), DeviceConfig.of(key, 41000, List.of())));
        assertTrue(noNamespace.getMessage().contains(ghost) && noNamespace.getMessage().contains("does not exist"),
                noNamespace.getMessage());
        assertNothingLeft(ghost, 0);

        // a name used twice on the machine, even in another namespace
        String name = deviceName("d");
        service.create(DeviceSpec.in(name, nodeA), DeviceConfig.of(key, 41001, List.of()));
        WireguardException twice = assertThrows(WireguardException.class,
                () -> service.create(DeviceSpec.in(name, nodeB), DeviceConfig.of(PrivateKey.generate(), 41002, List.of())));
        assertTrue(twice.getMessage().contains(name), twice.getMessage());

        // a port the node namespace already uses: refused by the device, nothing left of the second one
        String clash = deviceName("p");
        WireguardException portInUse = assertThrows(WireguardException.class,
                () -> service.create(DeviceSpec.in(clash, nodeA), DeviceConfig.of(PrivateKey.generate(), 41001, List.of())));
        assertTrue(portInUse.getMessage().contains(clash), portInUse.getMessage());
        assertFalse(portInUse.getMessage().contains(key.revealBase64()));
        assertNothingLeft(clash, 0);
        assertEquals(List.of(name), service.names());
        assertEquals(41001, service.state(name).listenPort(), "the first device is untouched");
    }

    @Test
    void stateFilesArePrivateAndHoldNoKeyInLogs() throws IOException {
        Pair p = tunnel();
        Path file = service.stateDirectory().resolve(p.a() + ".json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(service.stateDirectory())));
        assertTrue(Files.readString(file).contains(p.keyA().revealBase64()), "the record can rebuild the device");
        assertFalse(service.config(p.a()).toString().contains(p.keyA().revealBase64()));
        assertFalse(service.state(p.a()).toString().contains(p.keyA().revealBase64()));
    }

    @Test
    void anUpdatedServiceAdoptsRunningDevicesAndRebuildsMissingOnes() {
        Pair p = tunnel();
        ping4();
        long pidA = service.state(p.a()).pid();
        long pidB = service.state(p.b()).pid();
        service.deactivate(); // a bundle update: devices keep running
        if (kind() == WireguardBackend.USERSPACE) {
            assertTrue(ProcessHandle.of(pidA).map(ProcessHandle::isAlive).orElse(false));
            // while no service watches, B's process dies
            ProcessHandle.of(pidB).orElseThrow().destroyForcibly();
            Wait.until(Duration.ofSeconds(5), () -> !linkExists(nrB, p.b()), "B's interface gone with its process");
        }
        service = WireguardComponent.standalone(host, backend(host, state), state, Duration.ofSeconds(1));
        assertEquals(List.of(p.a(), p.b()).stream().sorted().toList(), service.names());
        assertEquals(pidA, service.state(p.a()).pid(), "A adopted, not restarted");
        assertEquals(p.keyB().publicKey(), service.state(p.b()).publicKey(), "B rebuilt with its key");
        ping4();
    }

    @Test
    void aKilledWireguardGoIsRestartedAndReconfigured() {
        assumeTrue(kind() == WireguardBackend.USERSPACE, "only userspace devices have a process to kill");
        Pair p = tunnel(25);
        ping4();
        long before = service.state(p.a()).pid();
        Instant killed = Instant.now();
        ProcessHandle.of(before).orElseThrow().destroyForcibly();
        Wait.until(Duration.ofSeconds(10), () -> {
            DeviceState now = service.state(p.a());
            return now.pid() != before && ProcessHandle.of(now.pid()).map(ProcessHandle::isAlive).orElse(false);
        }, "a new wireguard-go for " + p.a());
        DeviceState restarted = service.state(p.a());
        assertNotEquals(before, restarted.pid());
        assertEquals(p.portA(), restarted.listenPort());
        assertEquals(p.keyA().publicKey(), restarted.publicKey());
        ping4();
        ping6();
        WgShow.Peer b = WgShow.dump(lab, nrA, p.a()).peers().get(p.keyB().publicKey().base64());
        assertTrue(b.latestHandshake() >= killed.getEpochSecond(), "a new handshake after the restart: " + b);
    }
}
