package zos.networkd.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import zos.networkd.api.boot.ConnectivityState;
import zos.networkd.api.boot.ConnectivityStatus;
import zos.networkd.api.boot.NicProbe;
import zos.networkd.api.boot.NodeParameters;
import zos.networkd.api.boot.ProbeOutcome;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabExtension;
import zos.networkd.testlab.LabProcess;
import zos.networkd.testlab.Wait;

/**
 * Boot against real dnsmasq servers and udhcpc in lab namespaces: which NIC is chosen and why,
 * that the others are left as they were, the zos bridge, the lease and "online".
 */
@ExtendWith(LabExtension.class)
class BootLabTest {
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

    static NodeParameters parameters(DhcpLab dhcp, String commandLine) {
        return BootParameters.resolve(commandLine, Map.of(BootParameters.REGISTRY, dhcp.registryUrl()));
    }

    /** What ip says of a link and its addresses, without the fields that change by themselves. */
    static String portrait(Lab lab, String ns, String nic) {
        JsonObject link = lab.ipJson(ns, "-d", "link", "show", "dev", nic).get(0).getAsJsonObject();
        JsonArray addresses = lab.ipJson(ns, "addr", "show", "dev", nic).get(0).getAsJsonObject()
                .getAsJsonArray("addr_info");
        StringBuilder s = new StringBuilder();
        for (String key : List.of("ifindex", "ifname", "flags", "mtu", "address", "master", "operstate")) {
            s.append(key).append('=').append(link.get(key)).append(' ');
        }
        for (JsonElement a : addresses) {
            JsonObject o = a.getAsJsonObject();
            s.append(o.get("local").getAsString()).append('/').append(o.get("prefixlen")).append(' ');
        }
        return s.toString();
    }

    static ConnectivityStatus awaitOnline(BootManager boot, Duration within) {
        Wait.until(within, () -> boot.status().state() == ConnectivityState.ONLINE, "online within " + within
                + "; timeline: " + boot.status().timeline());
        return boot.status();
    }

    static NicProbe probe(ConnectivityStatus status, String nic) {
        return status.probes().stream().filter(p -> p.nic().equals(nic)).findFirst().orElseThrow();
    }

    @Test
    void theNicWithARouterIsChosenAndTheOthersAreLeftAsFound(Lab lab) throws Exception {
        try (DhcpLab dhcp = new DhcpLab(lab, host, "n1")) {
            DhcpLab.Upstream dead = dhcp.upstream("eth0", "u0", "192.0.2", false);
            DhcpLab.Upstream noRouter = dhcp.upstream("eth1", "u1", "198.51.100", true);
            DhcpLab.Upstream good = dhcp.upstream("eth2", "u2", "203.0.113", true);
            dhcp.dnsmasq(noRouter, false, "2m", "50");
            dhcp.dnsmasq(good, true, "2m", "50");
            dhcp.registry(good);
            String eth0Before = portrait(lab, dhcp.node, "eth0");
            String eth1Before = portrait(lab, dhcp.node, "eth1");

            BootManager boot = dhcp.boot(parameters(dhcp, ""), dhcp.settings(Duration.ofSeconds(3)),
                    List.of("eth0", "eth1", "eth2"), DhcpLab.collector());
            boot.start();
            ConnectivityStatus online = awaitOnline(boot, Duration.ofSeconds(30));

            assertEquals("eth2", online.uplinkNic());
            assertEquals("zos", online.bridge());
            assertEquals(ProbeOutcome.NO_CARRIER, probe(online, "eth0").outcome());
            assertEquals("no carrier in 2 s", probe(online, "eth0").reason());
            assertEquals(ProbeOutcome.NO_GATEWAY, probe(online, "eth1").outcome());
            assertTrue(probe(online, "eth1").reason().contains("without default gateway"), probe(online, "eth1").reason());
            assertEquals(ProbeOutcome.CHOSEN, probe(online, "eth2").outcome());
            assertTrue(online.choice().contains("eth2"), online.choice());

            // the kernel agrees: zos has eth2's MAC, eth2 is its port, the lease is on zos with its lifetime
            JsonObject zos = lab.ipJson(dhcp.node, "-d", "link", "show", "dev", "zos").get(0).getAsJsonObject();
            JsonObject eth2 = lab.ipJson(dhcp.node, "link", "show", "dev", "eth2").get(0).getAsJsonObject();
            assertEquals(eth2.get("address").getAsString(), zos.get("address").getAsString());
            assertEquals("zos", eth2.get("master").getAsString());
            assertNotNull(online.lease());
            assertTrue(online.lease().address().toString().startsWith("203.0.113."), online.lease().toString());
            JsonObject address = lab.ipJson(dhcp.node, "addr", "show", "dev", "zos").get(0).getAsJsonObject()
                    .getAsJsonArray("addr_info").get(0).getAsJsonObject();
            assertEquals(online.lease().address().address().getHostAddress(), address.get("local").getAsString());
            assertTrue(address.get("valid_life_time").getAsLong() <= 120, address.toString());
            JsonObject route = lab.ipJson(dhcp.node, "route", "show", "default").get(0).getAsJsonObject();
            assertEquals("203.0.113.1", route.get("gateway").getAsString());
            assertEquals("zos", route.get("dev").getAsString());

            // the NICs not chosen are exactly as they were, and no probe namespace is left
            assertEquals(eth0Before, portrait(lab, dhcp.node, "eth0"));
            assertEquals(eth1Before, portrait(lab, dhcp.node, "eth1"));
            assertTrue(lab.run("ip", "netns", "list").lines().noneMatch(l -> l.startsWith(lab.prefix() + "-probe-")),
                    lab.run("ip", "netns", "list"));
            assertTrue(boot.dhcpPid() > 0);
        }
    }

    @Test
    void aPrivateGatewayWinsWhicheverServerAnswersFirst(Lab lab) throws Exception {
        try (DhcpLab dhcp = new DhcpLab(lab, host, "n2")) {
            DhcpLab.Upstream publicSide = dhcp.upstream("eth0", "pub", "203.0.113", true);
            DhcpLab.Upstream management = dhcp.upstream("eth1", "oob", "10.44.0", true);
            dhcp.dnsmasq(publicSide, true, "2m", "50");
            dhcp.registry(publicSide);
            dhcp.registry(management);
            BootManager boot = dhcp.boot(parameters(dhcp, ""), dhcp.settings(Duration.ofSeconds(5)),
                    List.of("eth0", "eth1"), DhcpLab.collector());
            boot.start();
            // the management network's server comes late: the public one has long answered
            Thread.sleep(1500);
            dhcp.dnsmasq(management, true, "2m", "50");
            ConnectivityStatus online = awaitOnline(boot, Duration.ofSeconds(40));
            assertEquals("eth1", online.uplinkNic(), online.timeline().toString());
            assertTrue(probe(online, "eth1").reason().contains("private gateway 10.44.0.1"), probe(online, "eth1").reason());
            assertEquals(ProbeOutcome.NOT_CHOSEN, probe(online, "eth0").outcome());
            assertTrue(probe(online, "eth0").lease() != null);
        }
    }

    @Test
    void aForcedNicIsUsedAndMalformedParametersAreReportedNotFatal(Lab lab) throws Exception {
        try (DhcpLab dhcp = new DhcpLab(lab, host, "n3")) {
            DhcpLab.Upstream a = dhcp.upstream("eth0", "fa", "10.45.0", true);
            DhcpLab.Upstream b = dhcp.upstream("eth1", "fb", "203.0.113", true);
            dhcp.dnsmasq(a, true, "2m", "50");
            dhcp.dnsmasq(b, true, "2m", "50");
            dhcp.registry(a);
            dhcp.registry(b);
            NodeParameters parameters = parameters(dhcp,
                    "BOOT_IMAGE=/vmlinuz quiet zos.nic=eth1 zos.vlan=abc zos.bogus=1 zos.ip=10.0.0.5 farmer_id=42");
            assertEquals("eth1", parameters.bootNic());
            assertEquals("42", parameters.farmId());
            assertEquals(3, parameters.problems().size(), parameters.problems().toString());
            BootManager boot = dhcp.boot(parameters, dhcp.settings(Duration.ofSeconds(3)), List.of("eth0", "eth1"),
                    DhcpLab.collector());
            boot.start();
            ConnectivityStatus online = awaitOnline(boot, Duration.ofSeconds(30));
            // eth0 has the private gateway, yet the forced NIC is used
            assertEquals("eth1", online.uplinkNic());
            assertTrue(online.choice().contains("forced by zos.nic"), online.choice());
            assertTrue(online.timeline().stream().anyMatch(e -> e.message().contains("zos.vlan=abc")));
            assertTrue(online.timeline().stream().anyMatch(e -> e.message().contains("unknown parameter zos.bogus")));
        }
    }

    @Test
    void aDhcpServerThatStartsLateIsWaitedFor(Lab lab) throws Exception {
        try (DhcpLab dhcp = new DhcpLab(lab, host, "n4")) {
            DhcpLab.Upstream up = dhcp.upstream("eth0", "late", "203.0.113", true);
            dhcp.registry(up);
            BootManager boot = dhcp.boot(parameters(dhcp, ""), dhcp.settings(Duration.ofSeconds(3)), List.of("eth0"),
                    DhcpLab.collector());
            boot.start();
            Thread.sleep(20_000);
            assertEquals(ConnectivityState.PROBING, boot.status().state());
            assertTrue(boot.status().timeline().stream().anyMatch(e -> e.message().contains("no DHCP offer in 3 s")));
            assertNull(boot.status().bridge());
            assertFalse(lab.run("ip", "-n", dhcp.node, "-o", "link", "show").contains(" zos:"));
            dhcp.dnsmasq(up, true, "2m", "50");
            ConnectivityStatus online = awaitOnline(boot, Duration.ofSeconds(30));
            assertEquals("eth0", online.uplinkNic());
        }
    }

    @Test
    void noNicAtAllKeepsProbingAndSaysWhy(Lab lab) throws Exception {
        try (DhcpLab dhcp = new DhcpLab(lab, host, "n5")) {
            dhcp.upstream("eth0", "none", "192.0.2", false);
            BootManager boot = dhcp.boot(parameters(dhcp, ""), dhcp.settings(Duration.ofSeconds(1)), List.of("eth0"),
                    DhcpLab.collector());
            boot.start();
            Wait.until(Duration.ofSeconds(15), () -> boot.status().timeline().stream()
                    .filter(e -> e.message().contains("next round in")).count() >= 2, "two rounds reported");
            assertEquals(ConnectivityState.PROBING, boot.status().state());
            assertNull(boot.status().bridge());
            assertEquals(ProbeOutcome.NO_CARRIER, probe(boot.status(), "eth0").outcome());
            boot.close(); // a round may be running: stopping lets it put the NIC back and remove its namespace
            assertFalse(lab.run("ip", "netns", "list").contains(lab.prefix() + "-probe-eth0"));
            assertTrue(lab.ipJson(dhcp.node, "link", "show", "dev", "eth0").size() == 1, "eth0 is home");
        }
    }
}
