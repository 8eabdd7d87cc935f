package zos.networkd.netlink.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import zos.networkd.api.host.Address;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.AddressSpec;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.HostNetworkException;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.LinkSpec;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.api.host.Route;
import zos.networkd.api.host.RouteSpec;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabExtension;

/** Addresses, routes and sysctls in a real namespace, each checked with {@code ip -j} or {@code sysctl}. */
@ExtendWith(LabExtension.class)
class AddressRouteTest {
    private static NetlinkHostNetworking host;
    private static IpObserver ip;
    private static String nsName;
    private static NetworkNamespace ns;

    @BeforeAll
    static void setUp(Lab lab) {
        host = NetlinkHostNetworking.standalone(false);
        ip = new IpObserver(lab);
        nsName = lab.namespace("r");
        ns = host.namespace(nsName);
        ns.createLink(LinkSpec.veth("eth0", "peer0"));
        ns.createLink(LinkSpec.veth("eth1", "peer1"));
        for (String link : List.of("eth0", "peer0", "eth1", "peer1")) {
            ns.setUp(link);
        }
        // routes via gateways below need their subnet on a link; IPv6 needs it without DAD delay
        ns.addAddress("eth0", AddressSpec.of("192.0.2.10/24"));
        ns.addAddress("eth1", AddressSpec.of("198.51.100.10/24"));
        ns.addAddress("eth0", AddressSpec.of("2001:db8:1::10/64").withNoDad());
    }

    @AfterAll
    static void tearDown() {
        if (host != null) {
            host.deactivate();
        }
    }

    @Test
    void ipv4AndIpv6AddressesAddListDelete() {
        ns.addAddress("peer1", AddressSpec.of("203.0.113.5/24"));
        ns.addAddress("peer1", AddressSpec.of("2001:db8:5::5/64").withNoDad());
        assertTrue(ip.addresses(nsName, "peer1").contains("203.0.113.5/24"));
        assertTrue(ip.addresses(nsName, "peer1").contains("2001:db8:5::5/64"));

        List<String> ours = ns.addresses("peer1").stream().map(a -> a.cidr().toString()).toList();
        assertTrue(ours.contains("203.0.113.5/24"), ours.toString());
        assertTrue(ours.contains("2001:db8:5::5/64"), ours.toString());
        Address v6 = ns.addresses("peer1").stream().filter(a -> a.cidr().toString().equals("2001:db8:5::5/64"))
                .findFirst().orElseThrow();
        assertTrue(v6.isPermanent());
        assertTrue((v6.flags() & Address.IFA_F_NODAD) != 0);
        assertEquals(AddressSpec.FOREVER, v6.validLifetime());

        // every address ip sees in the namespace, we see too
        List<String> all = ns.addresses().stream().map(a -> a.cidr().toString()).toList();
        for (JsonElement l : ip.allAddresses(nsName)) {
            for (JsonElement a : l.getAsJsonObject().getAsJsonArray("addr_info")) {
                JsonObject info = a.getAsJsonObject();
                String cidr = info.get("local").getAsString() + "/" + info.get("prefixlen").getAsInt();
                assertTrue(all.contains(cidr), cidr + " missing from " + all);
            }
        }

        ns.deleteAddress("peer1", Cidr.parse("203.0.113.5/24"));
        ns.deleteAddress("peer1", Cidr.parse("2001:db8:5::5/64"));
        assertFalse(ip.addresses(nsName, "peer1").contains("203.0.113.5/24"));
        assertFalse(ip.addresses(nsName, "peer1").contains("2001:db8:5::5/64"));
    }

    @Test
    void leaseLifetimesAreKeptByTheKernelAndReplaceRenewsThem() {
        ns.addAddress("peer0", AddressSpec.of("192.0.2.77/24").withLifetimes(300, 200));
        JsonObject seen = ip.address(nsName, "peer0", "192.0.2.77");
        assertNotNull(seen);
        assertTrue(seen.get("valid_life_time").getAsLong() <= 300 && seen.get("valid_life_time").getAsLong() > 290,
                seen.toString());
        assertTrue(seen.get("preferred_life_time").getAsLong() <= 200, seen.toString());

        HostNetworkException again = assertThrows(HostNetworkException.class,
                () -> ns.addAddress("peer0", AddressSpec.of("192.0.2.77/24")));
        assertEquals("EEXIST", again.errnoName());
        assertTrue(again.getMessage().contains("192.0.2.77/24"), again.getMessage());

        ns.replaceAddress("peer0", AddressSpec.of("192.0.2.77/24").withLifetimes(3600, 1800));
        JsonObject renewed = ip.address(nsName, "peer0", "192.0.2.77");
        assertTrue(renewed.get("valid_life_time").getAsLong() > 3500, renewed.toString());
        Address ours = ns.addresses("peer0").stream().filter(a -> a.cidr().toString().equals("192.0.2.77/24"))
                .findFirst().orElseThrow();
        assertTrue(ours.validLifetime() > 3500 && ours.validLifetime() <= 3600);
        assertFalse(ours.isPermanent());
        ns.deleteAddress("peer0", Cidr.parse("192.0.2.77/24"));
    }

    @Test
    void defaultRouteViaGatewayAndItsReplacement() {
        ns.addRoute(RouteSpec.defaultRoute(AddressFamily.IPV4).via("192.0.2.1"));
        JsonObject seen = findRoute(ip.routes(nsName), "default");
        assertEquals("192.0.2.1", seen.get("gateway").getAsString());
        assertEquals("eth0", seen.get("dev").getAsString());
        assertEquals(Optional.of(IpAddresses.parse("192.0.2.1")), ns.defaultGateway(AddressFamily.IPV4));

        HostNetworkException twice = assertThrows(HostNetworkException.class,
                () -> ns.addRoute(RouteSpec.defaultRoute(AddressFamily.IPV4).via("192.0.2.1")));
        assertEquals("EEXIST", twice.errnoName());

        ns.replaceRoute(RouteSpec.defaultRoute(AddressFamily.IPV4).via("198.51.100.1").dev("eth1"));
        JsonObject replaced = findRoute(ip.routes(nsName), "default");
        assertEquals("198.51.100.1", replaced.get("gateway").getAsString());
        assertEquals("eth1", replaced.get("dev").getAsString());
        assertEquals(1, countRoutes(ip.routes(nsName), "default"));

        ns.deleteRoute(RouteSpec.defaultRoute(AddressFamily.IPV4).via("198.51.100.1").dev("eth1"));
        assertEquals(0, countRoutes(ip.routes(nsName), "default"));
        assertEquals(Optional.empty(), ns.defaultGateway(AddressFamily.IPV4));
    }

    @Test
    void devOnlyAndPerTableAndIpv6Routes() {
        ns.addRoute(RouteSpec.to("10.99.0.0/16").dev("eth1"));
        JsonObject devOnly = findRoute(ip.routes(nsName), "10.99.0.0/16");
        assertEquals("eth1", devOnly.get("dev").getAsString());
        assertEquals("link", devOnly.get("scope").getAsString());
        assertFalse(devOnly.has("gateway"));

        ns.addRoute(RouteSpec.to("10.100.0.0/16").via("192.0.2.1").table(100).metric(7));
        JsonObject inTable = findRoute(ip.routes(nsName, "table", "100"), "10.100.0.0/16");
        assertEquals("192.0.2.1", inTable.get("gateway").getAsString());
        assertEquals(7, inTable.get("metric").getAsInt());
        assertNull(findRouteOrNull(ip.routes(nsName), "10.100.0.0/16")); // not in main

        List<Route> table100 = ns.routes(AddressFamily.IPV4, 100);
        assertEquals(1, table100.stream().filter(r -> r.destination().toString().equals("10.100.0.0/16")).count());
        assertTrue(ns.routes(AddressFamily.IPV4).stream().noneMatch(r -> r.table() == 100));
        assertTrue(ns.routes(AddressFamily.IPV4, Route.TABLE_ALL).stream().anyMatch(r -> r.table() == Route.TABLE_LOCAL));

        ns.addRoute(RouteSpec.defaultRoute(AddressFamily.IPV6).via("2001:db8:1::1"));
        JsonObject v6 = findRoute(ip.routes6(nsName), "default");
        assertEquals("2001:db8:1::1", v6.get("gateway").getAsString());
        assertEquals(Optional.of(IpAddresses.parse("2001:db8:1::1")), ns.defaultGateway(AddressFamily.IPV6));

        ns.deleteRoute(RouteSpec.to("10.99.0.0/16").dev("eth1"));
        ns.deleteRoute(RouteSpec.to("10.100.0.0/16").via("192.0.2.1").table(100).metric(7));
        ns.deleteRoute(RouteSpec.defaultRoute(AddressFamily.IPV6).via("2001:db8:1::1"));
        assertNull(findRouteOrNull(ip.routes(nsName), "10.99.0.0/16"));
        assertNull(findRouteOrNull(ip.routes(nsName, "table", "100"), "10.100.0.0/16"));
    }

    @Test
    void ourRouteListMatchesIpForEveryTable() {
        ns.addRoute(RouteSpec.to("10.101.0.0/16").via("192.0.2.1").table(101));
        JsonArray theirs = ip.routes4(nsName, "table", "all");
        List<Route> ours = ns.routes(AddressFamily.IPV4, Route.TABLE_ALL);
        assertEquals(theirs.size(), ours.size(), theirs + " vs " + ours);
        ns.deleteRoute(RouteSpec.to("10.101.0.0/16").via("192.0.2.1").table(101));
    }

    @Test
    void unreachableGatewayCarriesTheKernelsExplanation() {
        HostNetworkException e = assertThrows(HostNetworkException.class,
                () -> ns.addRoute(RouteSpec.to("10.200.0.0/16").via("203.0.113.99")));
        assertEquals("ENETUNREACH", e.errnoName());
        assertNotNull(e.kernelMessage(), e.getMessage());
        assertTrue(e.getMessage().contains("10.200.0.0/16 via 203.0.113.99"), e.getMessage());
        assertNull(findRouteOrNull(ip.routes(nsName), "10.200.0.0/16"));
    }

    @Test
    void sysctlsAreScopedToTheNamespace() {
        String hostForwarding = host.ownNamespace().sysctl("net.ipv4.ip_forward");
        ns.setForwarding(AddressFamily.IPV4, true);
        ns.setForwarding(AddressFamily.IPV6, true);
        assertEquals("1", ip.sysctl(nsName, "net.ipv4.ip_forward"));
        assertEquals("1", ip.sysctl(nsName, "net.ipv6.conf.all.forwarding"));
        assertEquals("1", ns.sysctl("net.ipv4.ip_forward"));
        assertEquals(hostForwarding, host.ownNamespace().sysctl("net.ipv4.ip_forward"));

        ns.setAcceptRa("eth1", 2);
        assertEquals("2", ip.sysctl(nsName, "net.ipv6.conf.eth1.accept_ra"));
        ns.setIpv6Disabled("peer1", true);
        assertEquals("1", ip.sysctl(nsName, "net/ipv6/conf/peer1/disable_ipv6"));
        assertEquals("1", ns.sysctl("net/ipv6/conf/peer1/disable_ipv6"));
        ns.setIpv6Disabled("peer1", false);
        ns.setSysctl("net.ipv4.conf.eth0.rp_filter", "2");
        assertEquals("2", ip.sysctl(nsName, "net.ipv4.conf.eth0.rp_filter"));
        // integer sysctls answer only a read from offset 0: a value of several digits must come whole
        assertEquals("65536", ns.sysctl("net.ipv6.conf.lo.mtu"));
        assertEquals(ip.sysctl(nsName, "net.ipv6.conf.lo.mtu"), ns.sysctl("net.ipv6.conf.lo.mtu"));
        assertEquals(ip.sysctl(nsName, "net.ipv4.ip_local_port_range"), ns.sysctl("net.ipv4.ip_local_port_range"));

        assertThrows(IllegalArgumentException.class, () -> ns.sysctl("kernel.hostname"));
        assertThrows(IllegalArgumentException.class, () -> ns.sysctl("net/../../etc/passwd"));
        HostNetworkException missing = assertThrows(HostNetworkException.class, () -> ns.sysctl("net.ipv4.nope"));
        assertTrue(missing.getMessage().contains("net.ipv4.nope"), missing.getMessage());
    }

    private static JsonObject findRoute(JsonArray routes, String dst) {
        JsonObject r = findRouteOrNull(routes, dst);
        assertNotNull(r, dst + " not in " + routes);
        return r;
    }

    private static JsonObject findRouteOrNull(JsonArray routes, String dst) {
        for (JsonElement e : routes) {
            if (e.getAsJsonObject().get("dst").getAsString().equals(dst)) {
                return e.getAsJsonObject();
            }
        }
        return null;
    }

    private static long countRoutes(JsonArray routes, String dst) {
        long n = 0;
        for (JsonElement e : routes) {
            if (e.getAsJsonObject().get("dst").getAsString().equals(dst)) {
                n++;
            }
        }
        return n;
    }

    private static void assertNull(Object o) {
        org.junit.jupiter.api.Assertions.assertNull(o);
    }
}
