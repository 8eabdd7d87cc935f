package zos.networkd.netlink.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.gson.JsonObject;

import zos.networkd.api.host.HostNetworkException;
import zos.networkd.api.host.Link;
import zos.networkd.api.host.LinkOptions;
import zos.networkd.api.host.LinkSpec;
import zos.networkd.api.host.MacAddress;
import zos.networkd.api.host.MacvlanMode;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.api.host.OperState;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabExtension;

/** Link operations in a real namespace, each checked with {@code ip -j}. */
@ExtendWith(LabExtension.class)
class LinkOperationsTest {
    private static NetlinkHostNetworking host;
    private static IpObserver ip;
    private static String nsName;
    private static String otherName;
    private static NetworkNamespace ns;

    @BeforeAll
    static void setUp(Lab lab) {
        host = NetlinkHostNetworking.standalone(false);
        ip = new IpObserver(lab);
        nsName = lab.namespace("a");
        otherName = lab.namespace("b");
        ns = host.namespace(nsName);
    }

    @AfterAll
    static void tearDown() {
        if (host != null) {
            host.deactivate();
        }
    }

    @Test
    void bridgeIsCreatedWithItsOptionsInOneRequest() {
        MacAddress mac = MacAddress.parse("02:00:5e:00:53:01");
        Link created = ns.createLink(LinkSpec.bridge("br-opt").with(new LinkOptions(1400, mac)));
        JsonObject seen = ip.link(nsName, "br-opt");
        assertEquals("bridge", seen.getAsJsonObject("linkinfo").get("info_kind").getAsString());
        assertEquals(1400, seen.get("mtu").getAsInt());
        assertEquals(mac.text(), seen.get("address").getAsString());
        assertEquals("bridge", created.kind());
        assertEquals(seen.get("ifindex").getAsInt(), created.index());
        assertEquals(mac, created.mac());
        assertEquals(1400, created.mtu());
    }

    @Test
    void vethPairInOneNamespace() {
        Link end = ns.createLink(LinkSpec.veth("va0", "va1"));
        JsonObject a = ip.link(nsName, "va0");
        JsonObject b = ip.link(nsName, "va1");
        assertEquals("veth", a.getAsJsonObject("linkinfo").get("info_kind").getAsString());
        assertEquals("va1", a.get("link").getAsString());
        assertEquals(b.get("ifindex").getAsInt(), end.parentIndex());
        assertFalse(end.parentInOtherNamespace());
    }

    @Test
    void vethPeerCreatedDirectlyInAnotherNamespace() {
        Link end = ns.createLink(LinkSpec.veth("vx0", "vx-peer", otherName));
        assertTrue(ip.hasLink(otherName, "vx-peer"));
        assertFalse(ip.hasLink(nsName, "vx-peer"));
        assertTrue(end.parentInOtherNamespace());
        assertTrue(ip.link(nsName, "vx0").has("link_netnsid"));
    }

    @Test
    void macvlanInEachModeItWasAskedFor() {
        ns.createLink(LinkSpec.veth("mvp0", "mvp1"));
        ns.createLink(LinkSpec.macvlan("mv-b", "mvp0", MacvlanMode.BRIDGE));
        ns.createLink(LinkSpec.macvlan("mv-p", "mvp0", MacvlanMode.PRIVATE));
        Link vepa = ns.createLink(LinkSpec.macvlan("mv-v", "mvp0", MacvlanMode.VEPA));
        assertEquals("bridge", ip.link(nsName, "mv-b").getAsJsonObject("linkinfo").getAsJsonObject("info_data")
                .get("mode").getAsString());
        assertEquals("private", ip.link(nsName, "mv-p").getAsJsonObject("linkinfo").getAsJsonObject("info_data")
                .get("mode").getAsString());
        assertEquals(MacvlanMode.VEPA, vepa.macvlanMode());
        assertEquals(MacvlanMode.BRIDGE, ns.link("mv-b").orElseThrow().macvlanMode());
        assertEquals(ns.link("mvp0").orElseThrow().index(), vepa.parentIndex());
    }

    /** Whether this kernel creates links of {@code kind}, as {@code ip} finds out. */
    private static boolean kernelSupports(Lab lab, String... ipLinkAddArgs) {
        String probe = lab.namespace("probe" + Math.abs(String.join("", ipLinkAddArgs).hashCode() % 1000));
        try {
            lab.runIn(probe, "ip", "link", "add", "probe-base", "type", "veth", "peer", "name", "probe-peer");
            String[] argv = new String[ipLinkAddArgs.length + 3];
            argv[0] = "ip";
            argv[1] = "link";
            argv[2] = "add";
            System.arraycopy(ipLinkAddArgs, 0, argv, 3, ipLinkAddArgs.length);
            lab.runIn(probe, argv);
            return true;
        } catch (RuntimeException e) {
            return false;
        } finally {
            lab.deleteNamespace(probe);
        }
    }

    @Test
    void vlanWithItsIdWhereTheKernelHasItAndClearlyRefusedWhereNot(Lab lab) {
        ns.createLink(LinkSpec.veth("vlp0", "vlp1"));
        if (kernelSupports(lab, "link", "probe-base", "name", "probe.5", "type", "vlan", "id", "5")) {
            Link vlan = ns.createLink(LinkSpec.vlan("vlp0.42", "vlp0", 42));
            JsonObject seen = ip.link(nsName, "vlp0.42");
            assertEquals(42, seen.getAsJsonObject("linkinfo").getAsJsonObject("info_data").get("id").getAsInt());
            assertEquals(42, vlan.vlanId());
            assertEquals("vlan", vlan.kind());
        } else {
            HostNetworkException e = assertThrows(HostNetworkException.class,
                    () -> ns.createLink(LinkSpec.vlan("vlp0.42", "vlp0", 42)));
            assertEquals("EOPNOTSUPP", e.errnoName());
            assertTrue(e.getMessage().contains("links of kind 'vlan'"), e.getMessage());
            assertFalse(ip.hasLink(nsName, "vlp0.42"));
        }
    }

    @Test
    void wireguardIsCreatedWhereTheKernelHasItAndClearlyRefusedWhereNot(Lab lab) {
        if (kernelSupports(lab, "wgprobe", "type", "wireguard")) {
            Link wg = ns.createLink(LinkSpec.wireguard("wg-t0"));
            assertEquals("wireguard", wg.kind());
            assertNull(wg.mac());
            assertEquals("wireguard",
                    ip.link(nsName, "wg-t0").getAsJsonObject("linkinfo").get("info_kind").getAsString());
        } else {
            HostNetworkException e = assertThrows(HostNetworkException.class,
                    () -> ns.createLink(LinkSpec.wireguard("wg-t0")));
            assertEquals("EOPNOTSUPP", e.errnoName());
            assertTrue(e.getMessage().contains("links of kind 'wireguard'"), e.getMessage());
            assertTrue(e.getMessage().contains("'wg-t0'"), e.getMessage());
            assertFalse(ip.hasLink(nsName, "wg-t0"));
        }
    }

    @Test
    void upDownMtuMacMasterRenameDelete() {
        ns.createLink(LinkSpec.bridge("br-m"));
        ns.createLink(LinkSpec.veth("vm0", "vm1"));

        ns.setUp("vm0");
        ns.setUp("vm1");
        assertTrue(IpObserver.flags(ip.link(nsName, "vm0")).contains("UP"));
        assertTrue(ns.link("vm0").orElseThrow().adminUp());
        ns.setDown("vm0");
        assertFalse(IpObserver.flags(ip.link(nsName, "vm0")).contains("UP"));

        ns.setMtu("vm0", 1280);
        assertEquals(1280, ip.link(nsName, "vm0").get("mtu").getAsInt());

        MacAddress mac = MacAddress.parse("02:00:5e:00:53:99");
        ns.setMac("vm0", mac);
        assertEquals(mac.text(), ip.link(nsName, "vm0").get("address").getAsString());

        ns.setMaster("vm0", "br-m");
        assertEquals("br-m", ip.link(nsName, "vm0").get("master").getAsString());
        assertEquals(ns.link("br-m").orElseThrow().index(), ns.link("vm0").orElseThrow().masterIndex());
        ns.clearMaster("vm0");
        assertFalse(ip.link(nsName, "vm0").has("master"));

        ns.rename("vm0", "vm-renamed");
        assertTrue(ip.hasLink(nsName, "vm-renamed"));
        assertFalse(ip.hasLink(nsName, "vm0"));

        ns.deleteLink("vm-renamed");
        assertFalse(ip.hasLink(nsName, "vm-renamed"));
        assertFalse(ip.hasLink(nsName, "vm1")); // a veth pair goes as one
    }

    @Test
    void moveIntoAnotherNamespaceKeepsTheName() {
        ns.createLink(LinkSpec.veth("mv-go", "mv-stay"));
        ns.moveTo("mv-go", host.namespace(otherName));
        assertFalse(ip.hasLink(nsName, "mv-go"));
        assertTrue(ip.hasLink(otherName, "mv-go"));
        assertTrue(host.namespace(otherName).link("mv-go").isPresent());
        // bridges are bound to their namespace: the kernel's reason reaches the caller
        ns.createLink(LinkSpec.bridge("br-local"));
        HostNetworkException local = assertThrows(HostNetworkException.class,
                () -> ns.moveTo("br-local", host.namespace(otherName)));
        assertEquals("EINVAL", local.errnoName());
        assertNotNull(local.kernelMessage());
    }

    @Test
    void listAndGetAgreeWithIp() {
        ns.createLink(LinkSpec.veth("vl0", "vl1"));
        ns.setUp("vl0");
        ns.setUp("vl1");
        List<String> ours = ns.links().stream().map(Link::name).sorted().toList();
        List<String> theirs = ip.linkNames(nsName).stream().sorted().toList();
        assertEquals(theirs, ours);
        Link lo = ns.link("lo").orElseThrow();
        assertTrue(lo.isLoopback());
        assertEquals(1, lo.index());
        Link vl0 = ns.link("vl0").orElseThrow();
        assertEquals(vl0, ns.link(vl0.index()).orElseThrow());
        // both ends up: carrier and oper state as the kernel reports them
        assertTrue(vl0.carrier());
        assertEquals(ip.link(nsName, "vl0").get("operstate").getAsString(), vl0.operState().name());
        assertTrue(ns.link("no-such").isEmpty());
        assertTrue(ns.link(99999).isEmpty());
    }

    @Test
    void downPeerMeansNoCarrier() {
        ns.createLink(LinkSpec.veth("vc0", "vc1"));
        ns.setUp("vc0");
        Link vc0 = ns.link("vc0").orElseThrow();
        assertFalse(vc0.carrier());
        assertEquals(OperState.LOWERLAYERDOWN, vc0.operState());
        assertEquals("LOWERLAYERDOWN", ip.link(nsName, "vc0").get("operstate").getAsString());
    }

    @Test
    void failuresNameTheObjectTheNamespaceAndTheKernelsReason() {
        HostNetworkException missing = assertThrows(HostNetworkException.class, () -> ns.deleteLink("ghost0"));
        assertEquals("ENODEV", missing.errnoName());
        assertTrue(missing.getMessage().contains("'ghost0'"), missing.getMessage());
        assertTrue(missing.getMessage().contains(nsName), missing.getMessage());
        assertTrue(missing.getMessage().contains("No such device"), missing.getMessage());

        ns.createLink(LinkSpec.bridge("br-dup"));
        HostNetworkException duplicate = assertThrows(HostNetworkException.class,
                () -> ns.createLink(LinkSpec.bridge("br-dup")));
        assertEquals("EEXIST", duplicate.errnoName());
        assertEquals(17, duplicate.errno());
        assertTrue(duplicate.getMessage().startsWith("create bridge 'br-dup' in netns '" + nsName + "'"),
                duplicate.getMessage());

        HostNetworkException noParent = assertThrows(HostNetworkException.class,
                () -> ns.createLink(LinkSpec.vlan("ghost1.5", "ghost1", 5)));
        assertTrue(noParent.getMessage().contains("no link 'ghost1'"), noParent.getMessage());

        // the kernel's extended ack reaches the message
        ns.createLink(LinkSpec.bridge("br-mtu"));
        HostNetworkException tooBig = assertThrows(HostNetworkException.class, () -> ns.setMtu("br-mtu", 60));
        assertEquals("EINVAL", tooBig.errnoName());
        assertTrue(tooBig.kernelMessage() != null && !tooBig.kernelMessage().isBlank(), tooBig.getMessage());
        assertTrue(tooBig.getMessage().contains(tooBig.kernelMessage()));

        assertThrows(IllegalArgumentException.class, () -> ns.createLink(LinkSpec.bridge("much-too-long-name")));
        assertFalse(ip.hasLink(nsName, "much-too-long-n"));
    }

    @Test
    void concurrentCreationFromManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Link>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = "bc" + i;
                results.add(pool.submit(() -> ns.createLink(LinkSpec.bridge(name))));
            }
            for (Future<Link> f : results) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<String> names = ip.linkNames(nsName);
        for (int i = 0; i < 200; i++) {
            assertTrue(names.contains("bc" + i), "bc" + i);
        }
    }
}
