package zos.networkd.netlink.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import zos.networkd.api.host.EventGroup;
import zos.networkd.api.host.NetworkEvent;
import zos.networkd.api.host.Subscription;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabExtension;
import zos.networkd.testlab.Wait;

/** Kernel events of changes made by someone else ({@code ip}), delivered to a subscription. */
@ExtendWith(LabExtension.class)
class EventsTest {
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

    private static boolean has(List<NetworkEvent> events, Class<? extends NetworkEvent> type, String detail) {
        return events.stream().anyMatch(e -> type.isInstance(e) && e.toString().contains(detail));
    }

    @Test
    void linkAddressAndRouteEventsArrive(Lab lab) {
        String ns = lab.namespace("ev");
        List<NetworkEvent> events = new CopyOnWriteArrayList<>();
        try (Subscription s = host.namespace(ns).subscribe(EnumSet.allOf(EventGroup.class), events::add)) {
            lab.runIn(ns, "ip", "link", "add", "ev0", "type", "veth", "peer", "name", "ev1");
            Wait.until(Duration.ofSeconds(2), () -> has(events, NetworkEvent.LinkChanged.class, "name=ev0"),
                    "link event for ev0");
            lab.runIn(ns, "ip", "link", "set", "ev0", "up");
            lab.runIn(ns, "ip", "link", "set", "ev1", "up");
            lab.runIn(ns, "ip", "addr", "add", "192.0.2.44/24", "dev", "ev0");
            Wait.until(Duration.ofSeconds(2), () -> has(events, NetworkEvent.AddressAdded.class, "192.0.2.44/24"),
                    "address event");
            lab.runIn(ns, "ip", "-6", "addr", "add", "2001:db8::44/64", "dev", "ev0", "nodad");
            Wait.until(Duration.ofSeconds(2), () -> has(events, NetworkEvent.AddressAdded.class, "2001:db8::44/64"),
                    "IPv6 address event");
            lab.runIn(ns, "ip", "route", "add", "10.44.0.0/16", "via", "192.0.2.1");
            Wait.until(Duration.ofSeconds(2), () -> has(events, NetworkEvent.RouteAdded.class, "10.44.0.0/16"),
                    "route event");
            lab.runIn(ns, "ip", "route", "del", "10.44.0.0/16");
            Wait.until(Duration.ofSeconds(2), () -> has(events, NetworkEvent.RouteRemoved.class, "10.44.0.0/16"),
                    "route removal event");
            lab.runIn(ns, "ip", "link", "del", "ev0");
            Wait.until(Duration.ofSeconds(2), () -> has(events, NetworkEvent.LinkRemoved.class, "name=ev0"),
                    "link removal event");
        }
        int seen = events.size();
        lab.runIn(ns, "ip", "link", "add", "after0", "type", "bridge");
        // a closed subscription delivers nothing more; give the kernel time to have sent it
        lab.runIn(ns, "ip", "link", "show", "after0");
        assertEquals(seen, events.size(), "events after close: " + events.subList(seen, events.size()));
    }

    @Test
    void onlyTheSubscribedGroupsAndOnlyThisNamespace(Lab lab) {
        String ns = lab.namespace("evg");
        String other = lab.namespace("evo");
        List<NetworkEvent> events = new CopyOnWriteArrayList<>();
        try (Subscription s = host.namespace(ns).subscribe(EnumSet.of(EventGroup.LINK), events::add)) {
            lab.runIn(other, "ip", "link", "add", "elsewhere0", "type", "bridge");
            lab.runIn(ns, "ip", "link", "add", "evg0", "type", "bridge");
            lab.runIn(ns, "ip", "link", "set", "evg0", "up");
            lab.runIn(ns, "ip", "addr", "add", "192.0.2.45/24", "dev", "evg0");
            Wait.until(Duration.ofSeconds(2), () -> has(events, NetworkEvent.LinkChanged.class, "name=evg0"),
                    "link event");
            lab.runIn(ns, "ip", "link", "add", "evg-last", "type", "bridge");
            Wait.until(Duration.ofSeconds(2), () -> has(events, NetworkEvent.LinkChanged.class, "name=evg-last"),
                    "the last link event");
        }
        assertTrue(events.stream().noneMatch(e -> e instanceof NetworkEvent.AddressAdded), events.toString());
        assertTrue(events.stream().noneMatch(e -> e.toString().contains("elsewhere0")), events.toString());
    }
}
