package zos.networkd.nics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.gson.JsonObject;

import zos.networkd.api.host.OperState;
import zos.networkd.api.nics.Nic;
import zos.networkd.api.nics.NicChange;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabExtension;
import zos.networkd.testlab.Wait;

/**
 * The inventory of a lab node's namespace, driven by the real kernel's events; changes are made
 * by {@code ip} and the inventory is compared with what {@code ip -j} reports.
 */
@ExtendWith(LabExtension.class)
class NicTrackerTest {
    private static final Duration WITHIN = Duration.ofSeconds(1);
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

    private static PhysicalNicFilter labFilter() {
        return PhysicalNicFilter.of(new String[] {"device", "veth"}, new String[] {"eth*"});
    }

    @Test
    void inventoryMatchesIpAndFollowsChangesWithinASecond(Lab lab) {
        String node = lab.namespace("node");
        String upstream = lab.namespace("up");
        lab.veth(node, "eth0", upstream, "up-eth0");
        lab.veth(node, "eth1", upstream, "up-eth1");
        lab.runIn(node, "ip", "link", "set", "eth0", "up");
        lab.runIn(upstream, "ip", "link", "set", "up-eth0", "up");
        lab.runIn(node, "ip", "link", "set", "eth1", "up"); // its peer stays down: no carrier
        lab.runIn(node, "ip", "addr", "add", "198.51.100.20/24", "dev", "eth0");
        lab.runIn(node, "ip", "-6", "addr", "add", "2001:db8:20::20/64", "dev", "eth0", "nodad");
        lab.runIn(node, "ip", "route", "add", "default", "via", "198.51.100.1");
        lab.runIn(node, "ip", "-6", "route", "add", "default", "via", "2001:db8:20::1");
        lab.runIn(node, "ip", "link", "add", "br-work", "type", "bridge");

        List<NicChange> changes = new CopyOnWriteArrayList<>();
        try (NicTracker tracker = new NicTracker(host.namespace(node), labFilter(), changes::add)) {
            tracker.start();
            Nic eth0 = tracker.nic("eth0");
            JsonObject seen = lab.ipJson(node, "link", "show", "dev", "eth0").get(0).getAsJsonObject();
            assertEquals(seen.get("address").getAsString(), eth0.mac().text());
            assertEquals(seen.get("ifindex").getAsInt(), eth0.index());
            assertEquals(seen.get("mtu").getAsInt(), eth0.mtu());
            assertEquals("veth", eth0.kind());
            assertTrue(eth0.physical());
            assertTrue(eth0.carrier());
            assertEquals(OperState.UP, eth0.operState());
            assertEquals(List.of("198.51.100.20/24", "2001:db8:20::20/64", "fe80::"),
                    eth0.addresses().stream().map(c -> c.toString().startsWith("fe80::") ? "fe80::" : c.toString())
                            .toList());
            assertEquals("198.51.100.1", eth0.gateway4().getHostAddress());
            assertEquals("2001:db8:20:0:0:0:0:1", eth0.gateway6().getHostAddress());

            Nic eth1 = tracker.nic("eth1");
            assertFalse(eth1.carrier());
            assertNull(eth1.gateway4());
            assertFalse(tracker.nic("br-work").physical());
            assertNull(tracker.nic("lo"));
            assertEquals(List.of("br-work", "eth0", "eth1"), tracker.nics().stream().map(Nic::name).toList());

            // a NIC appears (a new veth) and is seen within a second
            long before = tracker.generation();
            lab.veth(node, "eth2", upstream, "up-eth2");
            Wait.until(WITHIN, () -> tracker.nic("eth2") != null, "eth2 in the inventory within 1 s");
            assertTrue(tracker.generation() > before);
            assertTrue(changes.stream().anyMatch(c -> c.added().contains("eth2")), changes.toString());

            // carrier comes (peer up), an address changes, a NIC is enslaved, one disappears
            lab.runIn(upstream, "ip", "link", "set", "up-eth1", "up");
            Wait.until(WITHIN, () -> tracker.nic("eth1").carrier(), "eth1 gets carrier");
            lab.runIn(node, "ip", "addr", "add", "203.0.113.9/24", "dev", "eth1");
            Wait.until(WITHIN, () -> tracker.nic("eth1").addresses().toString().contains("203.0.113.9/24"),
                    "eth1's new address");
            lab.runIn(node, "ip", "link", "set", "eth1", "master", "br-work");
            Wait.until(WITHIN, () -> "br-work".equals(tracker.nic("eth1").master()), "eth1 enslaved to br-work");
            lab.runIn(node, "ip", "route", "del", "default");
            Wait.until(WITHIN, () -> tracker.nic("eth0").gateway4() == null, "gateway removed");
            lab.runIn(node, "ip", "link", "del", "eth2");
            Wait.until(WITHIN, () -> tracker.nic("eth2") == null, "eth2 gone");
            assertTrue(changes.stream().anyMatch(c -> c.removed().contains("eth2")), changes.toString());

            // generations rise by one per published change, in order
            for (int i = 1; i < changes.size(); i++) {
                assertEquals(changes.get(i - 1).generation() + 1, changes.get(i).generation());
            }
        }
    }

    @Test
    void aChangedFilterReclassifiesAtOnce(Lab lab) {
        String node = lab.namespace("filter");
        String upstream = lab.namespace("fup");
        lab.veth(node, "eth0", upstream, "x0");
        lab.veth(node, "nic9", upstream, "x9");
        try (NicTracker tracker = new NicTracker(host.namespace(node), labFilter(), c -> { })) {
            tracker.start();
            assertTrue(tracker.nic("eth0").physical());
            assertFalse(tracker.nic("nic9").physical());
            tracker.changeFilter(PhysicalNicFilter.of(new String[] {"veth"}, new String[] {"nic*"}));
            assertFalse(tracker.nic("eth0").physical());
            assertTrue(tracker.nic("nic9").physical());
        }
    }

    @Test
    void aBurstOfChangesIsCoalescedYetNothingIsMissed(Lab lab) {
        String node = lab.namespace("burst");
        List<NicChange> changes = new CopyOnWriteArrayList<>();
        try (NicTracker tracker = new NicTracker(host.namespace(node), labFilter(), changes::add)) {
            tracker.start();
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                batch.append("link add br").append(i).append(" type bridge\n");
            }
            lab.runIn(node, "bash", "-c", "ip -batch - <<'EOF'\n" + batch + "EOF");
            Wait.until(Duration.ofSeconds(2), () -> tracker.nics().size() == 100, "all 100 bridges seen");
            int total = changes.stream().mapToInt(c -> c.added().size()).sum();
            assertEquals(100, total);
            assertTrue(changes.size() < 100, "coalesced into fewer changes than events: " + changes.size());
        }
    }
}
