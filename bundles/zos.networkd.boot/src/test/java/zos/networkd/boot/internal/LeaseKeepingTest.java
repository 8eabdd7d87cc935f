package zos.networkd.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

import zos.networkd.api.boot.ConnectivityState;
import zos.networkd.api.boot.ConnectivityStatus;
import zos.networkd.api.boot.NodeParameters;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabExtension;
import zos.networkd.testlab.LabProcess;
import zos.networkd.testlab.Wait;

/**
 * The lease for the life of the node: kept through a restart of boot (a bundle update) without a
 * gap, kept while the DHCP server is gone until it really expires, renewals retried, a new lease
 * applied when the server comes back with another address; and the static configuration.
 */
@ExtendWith(LabExtension.class)
class LeaseKeepingTest {
    private static NetlinkHostNetworking host;

    @BeforeAll
    static void setUp() {
        host = NetlinkHostNetworking.standalone(false);
    }

    @AfterAll
    static void tearDown() {
        if (host != null) {
            host.deactivate();
        }
    }

    /** The IPv4 addresses on zos as ip sees them. */
    static List<String> zosAddresses(Lab lab, String ns) {
        JsonArray links = lab.ipJson(ns, "-4", "addr", "show", "dev", "zos");
        if (links.isEmpty()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (JsonElement a : links.get(0).getAsJsonObject().getAsJsonArray("addr_info")) {
            out.add(a.getAsJsonObject().get("local").getAsString());
        }
        return out;
    }

    static long validLifetime(Lab lab, String ns) {
        return lab.ipJson(ns, "-4", "addr", "show", "dev", "zos").get(0).getAsJsonObject().getAsJsonArray("addr_info")
                .get(0).getAsJsonObject().get("valid_life_time").getAsLong();
    }

    @Test
    void aRestartOfBootAdoptsTheBridgeWithoutAGapOrAProbe(Lab lab) throws Exception {
        try (DhcpLab dhcp = new DhcpLab(lab, host, "a1")) {
            DhcpLab.Upstream up = dhcp.upstream("eth0", "ua", "203.0.113", true);
            dhcp.dnsmasq(up, true, "2m", "50");
            dhcp.registry(up);
            NodeParameters parameters = BootLabTest.parameters(dhcp, "");
            BootSettings settings = dhcp.settings(Duration.ofSeconds(3));
            BootManager first = dhcp.boot(parameters, settings, List.of("eth0"), DhcpLab.collector());
            first.start();
            ConnectivityStatus online = BootLabTest.awaitOnline(first, Duration.ofSeconds(30));
            String address = online.lease().address().address().getHostAddress();
            long firstPid = first.dhcpPid();

            // watch the address all along, as a bundle update stops boot and starts it again
            AtomicInteger gaps = new AtomicInteger();
            Thread watcher = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    if (!zosAddresses(lab, dhcp.node).contains(address)) {
                        gaps.incrementAndGet();
                    }
                }
            });
            watcher.start();
            first.close();
            assertEquals(List.of(address), zosAddresses(lab, dhcp.node), "boot stopped: the address stays");
            Thread.sleep(500);
            BootManager second = dhcp.boot(parameters, settings, List.of("eth0"), DhcpLab.collector());
            second.start();
            ConnectivityStatus again = BootLabTest.awaitOnline(second, Duration.ofSeconds(15));
            Wait.until(Duration.ofSeconds(10), () -> second.status().lease() != null, "lease renewed after adoption");
            watcher.interrupt();
            watcher.join();

            assertEquals(0, gaps.get(), "the address was missing during the restart");
            assertEquals("eth0", again.uplinkNic());
            assertTrue(again.timeline().stream().anyMatch(e -> e.message().startsWith("adopted zos on eth0")),
                    again.timeline().toString());
            assertTrue(again.timeline().stream().noneMatch(e -> e.message().contains("probing")),
                    again.timeline().toString());
            assertTrue(again.choice().contains("eth0"), again.choice());
            assertEquals(address, second.status().lease().address().address().getHostAddress());
            assertNotEquals(firstPid, second.dhcpPid());
            assertTrue(second.dhcpPid() > 0);
        }
    }

    @Test
    void theLeaseOutlivesItsServerUntilExpiryThenANewOneIsApplied(Lab lab) throws Exception {
        try (DhcpLab dhcp = new DhcpLab(lab, host, "l1")) {
            DhcpLab.Upstream up = dhcp.upstream("eth0", "ul", "198.51.100", true);
            LabProcess server = dhcp.dnsmasq(up, true, "2m", "50"); // dnsmasq's shortest lease
            dhcp.registry(up);
            BootManager boot = dhcp.boot(BootLabTest.parameters(dhcp, ""), dhcp.settings(Duration.ofSeconds(3)),
                    List.of("eth0"), DhcpLab.collector());
            boot.start();
            ConnectivityStatus online = BootLabTest.awaitOnline(boot, Duration.ofSeconds(30));
            long bound = System.nanoTime();
            String first = online.lease().address().address().getHostAddress();
            assertTrue(first.startsWith("198.51.100."));

            // the server goes away; what the node sends is caught where the server was
            server.stop();
            AtomicInteger renewals = new AtomicInteger();
            DatagramSocket listener = host.namespace(up.namespace()).call(() -> {
                DatagramSocket s = new DatagramSocket(null);
                s.setReuseAddress(true);
                s.setBroadcast(true);
                s.bind(new InetSocketAddress(67));
                s.setSoTimeout(500);
                return s;
            });
            try {
                while (System.nanoTime() - bound < Duration.ofSeconds(100).toNanos()) {
                    try {
                        listener.receive(new DatagramPacket(new byte[1500], 1500));
                        renewals.incrementAndGet();
                    } catch (SocketTimeoutException e) {
                        // keep listening
                    }
                }
            } finally {
                listener.close();
            }
            assertTrue(renewals.get() >= 1, "the node tried to renew");
            assertEquals(List.of(first), zosAddresses(lab, dhcp.node), "kept while the lease runs");
            assertTrue(validLifetime(lab, dhcp.node) <= 20, "the lifetime runs out, it is not renewed by itself");

            // past the lease's end the kernel drops it: the lease really expired
            Wait.until(Duration.ofSeconds(40), () -> zosAddresses(lab, dhcp.node).isEmpty(), "address gone at expiry");
            assertTrue(System.nanoTime() - bound >= Duration.ofSeconds(115).toNanos(), "not dropped before expiry");

            // the server returns with another range: the new lease is applied
            dhcp.dnsmasq(up, true, "2m", "150");
            Wait.until(Duration.ofSeconds(40), () -> zosAddresses(lab, dhcp.node).size() == 1
                    && !zosAddresses(lab, dhcp.node).contains(first), "a new address on zos");
            String second = zosAddresses(lab, dhcp.node).get(0);
            int host = Integer.parseInt(second.substring(second.lastIndexOf('.') + 1));
            assertTrue(host >= 150 && host <= 199, "an address of the server's new range: " + second);
            Wait.until(Duration.ofSeconds(20), () -> boot.status().state() == ConnectivityState.ONLINE,
                    "online again: " + boot.status().timeline());
            assertEquals(second, boot.status().lease().address().address().getHostAddress());
            assertEquals("198.51.100.1", lab.ipJson(dhcp.node, "route", "show", "default").get(0).getAsJsonObject()
                    .get("gateway").getAsString());
        }
    }

    @Test
    void aStaticConfigurationNeedsNoDhcp(Lab lab) throws Exception {
        try (DhcpLab dhcp = new DhcpLab(lab, host, "s1")) {
            DhcpLab.Upstream up = dhcp.upstream("eth0", "us", "192.0.2", true);
            dhcp.registry(up);
            NodeParameters parameters = BootLabTest.parameters(dhcp, "zos.ip=192.0.2.20/24 zos.gw=192.0.2.1");
            BootManager boot = dhcp.boot(parameters, dhcp.settings(Duration.ofSeconds(3)), List.of("eth0"),
                    DhcpLab.collector());
            boot.start();
            ConnectivityStatus online = BootLabTest.awaitOnline(boot, Duration.ofSeconds(20));
            assertEquals(List.of("192.0.2.20"), zosAddresses(lab, dhcp.node));
            assertTrue(online.lease().isStatic());
            assertTrue(online.choice().contains("static configuration"), online.choice());
            assertEquals(-1, boot.dhcpPid());
        }
    }
}
