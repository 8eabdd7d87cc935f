package zos.networkd.ports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import zos.networkd.api.ports.LeaseOrigin;
import zos.networkd.api.ports.PortLeaseException;
import zos.networkd.api.ports.PortRange;
import zos.networkd.api.ports.UsedPorts;
import zos.networkd.api.wireguard.DeviceConfig;
import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabExtension;
import zos.networkd.wireguard.internal.WireguardComponent;

/**
 * The service: listeners, and reconciliation with real WireGuard devices (wireguard-go in a lab
 * namespace) that listen on ports nobody leased.
 */
@ExtendWith(LabExtension.class)
class PortLeasesTest {
    private static NetlinkHostNetworking host;
    private static Path wgState;
    private static WireguardComponent wireguard;

    @BeforeAll
    static void setUp() throws IOException {
        host = NetlinkHostNetworking.standalone(false);
        wgState = Files.createTempDirectory("zos-ports-wg");
        wireguard = WireguardComponent.standaloneUserspace(host, wgState);
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (wireguard != null) {
            for (String name : wireguard.names()) {
                wireguard.delete(name);
            }
            wireguard.deactivate();
        }
        host.deactivate();
        try (Stream<Path> walk = Files.walk(wgState)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void listenersGetTheCurrentSetThenEveryChangeInOrder(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        PortLeasesComponent leases = PortLeasesComponent.standalone(dir, PortRange.parse("30000-30999"),
                List.of(PortRange.parse("8101")), null);
        try {
            leases.lease("nr-a", 51820);
            LinkedBlockingQueue<UsedPorts> seen = new LinkedBlockingQueue<>();
            leases.addListener(seen::add);
            assertEquals(List.of(51820), List.copyOf(seen.poll(5, TimeUnit.SECONDS).leased()));
            leases.lease("nr-b", 51821);
            UsedPorts after = seen.poll(5, TimeUnit.SECONDS);
            assertEquals(List.of(51820, 51821), List.copyOf(after.leased()));
            assertTrue(after.isUsed(8101), "reserved ports count as used");
            leases.lease("nr-b", 51821); // no change, no notification
            leases.release("nr-a");
            assertEquals(List.of(51821), List.copyOf(seen.poll(5, TimeUnit.SECONDS).leased()));
            assertEquals(null, seen.poll(200, TimeUnit.MILLISECONDS));
        } finally {
            leases.deactivate();
        }
    }

    @Test
    void runningDevicesWithoutLeaseAreAdoptedAndTheirPortsRefused(Lab lab, @org.junit.jupiter.api.io.TempDir Path dir) {
        String node = lab.namespace("node");
        String name = "wp" + String.format("%04x", new SecureRandom().nextInt(0x10000));
        int port = 42000 + new SecureRandom().nextInt(1000);
        wireguard.create(DeviceSpec.in(name, node), DeviceConfig.of(PrivateKey.generate(), port, List.of()));

        // the leases were lost (the original's bug #556): a fresh book finds the device and takes its port over
        PortLeasesComponent leases = PortLeasesComponent.standalone(dir, PortRange.parse("30000-30999"), List.of(),
                wireguard);
        try {
            assertEquals("device:" + name, leases.holderOf(port).orElseThrow().holder());
            assertEquals(LeaseOrigin.ADOPTED, leases.holderOf(port).orElseThrow().origin());
            assertTrue(leases.problems().stream().anyMatch(p -> p.contains(name) && p.contains(Integer.toString(port))),
                    leases.problems().toString());
            PortLeaseException refused = assertThrows(PortLeaseException.class, () -> leases.lease("nr-new", port));
            assertTrue(refused.getMessage().contains("device:" + name) && refused.getMessage().contains("adopted"),
                    refused.getMessage());

            // the device goes away: the next reconciliation frees its port
            wireguard.delete(name);
            leases.reconcile();
            assertTrue(leases.holderOf(port).isEmpty());
            assertEquals(port, leases.lease("nr-new", port).port());
        } finally {
            leases.deactivate();
        }
    }
}
