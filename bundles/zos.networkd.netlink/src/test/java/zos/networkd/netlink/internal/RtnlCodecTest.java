package zos.networkd.netlink.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.AddressScope;
import zos.networkd.api.host.AddressSpec;
import zos.networkd.api.host.Link;
import zos.networkd.api.host.LinkOptions;
import zos.networkd.api.host.LinkSpec;
import zos.networkd.api.host.MacAddress;
import zos.networkd.api.host.MacvlanMode;
import zos.networkd.api.host.OperState;
import zos.networkd.api.host.Route;
import zos.networkd.api.host.RouteSpec;
import zos.networkd.api.netlink.Netlink;
import zos.networkd.api.netlink.NetlinkAttributes;
import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;

/**
 * Request layouts against the kernel's {@code if_link.h}/{@code rtnetlink.h}, for the kinds this
 * machine's kernel cannot create (vlan, wireguard) as much as for the rest: the namespace tests
 * check what the kernel makes of them where it can.
 */
class RtnlCodecTest {

    private static NetlinkMessage roundTrip(NetlinkMessageWriter w) {
        return NetlinkMessage.parseAll(w.finish(1, 0)).get(0);
    }

    @Test
    void vlanCreateCarriesParentKindAndId() {
        NetlinkMessage m = roundTrip(Rtnl.linkCreate(LinkSpec.vlan("eth0.42", "eth0", 42), 7, -1));
        assertEquals(Rtnl.RTM_NEWLINK, m.type());
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL
                | Netlink.NLM_F_ECHO, m.flags());
        NetlinkAttributes a = m.attributes(Rtnl.IFINFOMSG_SIZE);
        assertEquals(Optional.of("eth0.42"), a.string(Rtnl.IFLA_IFNAME));
        assertEquals(OptionalInt.of(7), a.u32(Rtnl.IFLA_LINK));
        NetlinkAttributes info = a.nested(Rtnl.IFLA_LINKINFO).orElseThrow();
        assertEquals(Optional.of("vlan"), info.string(Rtnl.IFLA_INFO_KIND));
        assertEquals(OptionalInt.of(42), info.nested(Rtnl.IFLA_INFO_DATA).orElseThrow().u16(Rtnl.IFLA_VLAN_ID));
    }

    @Test
    void vethCreateNestsThePeersIfinfomsgNameAndNamespace() {
        NetlinkMessage m = roundTrip(Rtnl.linkCreate(LinkSpec.veth("v0", "v1", "zlab-x"), 0, 33));
        NetlinkAttributes info = m.attributes(Rtnl.IFINFOMSG_SIZE).nested(Rtnl.IFLA_LINKINFO).orElseThrow();
        assertEquals(Optional.of("veth"), info.string(Rtnl.IFLA_INFO_KIND));
        NetlinkAttributes.Attribute peer = info.nested(Rtnl.IFLA_INFO_DATA).orElseThrow().get(Rtnl.VETH_INFO_PEER)
                .orElseThrow();
        ByteBuffer p = peer.payload();
        // the peer's own ifinfomsg (16 bytes, all zero) comes before its attributes
        for (int i = 0; i < Rtnl.IFINFOMSG_SIZE; i++) {
            assertEquals(0, p.get(p.position() + i));
        }
        ByteBuffer attributes = p.duplicate();
        attributes.position(p.position() + Rtnl.IFINFOMSG_SIZE);
        NetlinkAttributes peerAttributes = NetlinkAttributes.parse(attributes.slice());
        assertEquals(Optional.of("v1"), peerAttributes.string(Rtnl.IFLA_IFNAME));
        assertEquals(OptionalInt.of(33), peerAttributes.u32(Rtnl.IFLA_NET_NS_FD));
    }

    @Test
    void createOptionsTravelInTheSameRequest() {
        MacAddress mac = MacAddress.parse("02:00:5e:00:53:07");
        NetlinkMessage m = roundTrip(Rtnl.linkCreate(
                LinkSpec.macvlan("mv0", "eth0", MacvlanMode.PASSTHRU).with(new LinkOptions(9000, mac)), 3, -1));
        NetlinkAttributes a = m.attributes(Rtnl.IFINFOMSG_SIZE);
        assertEquals(OptionalInt.of(9000), a.u32(Rtnl.IFLA_MTU));
        assertEquals(mac, MacAddress.of(a.get(Rtnl.IFLA_ADDRESS).orElseThrow().bytes()));
        assertEquals(OptionalInt.of(8), a.nested(Rtnl.IFLA_LINKINFO).orElseThrow().nested(Rtnl.IFLA_INFO_DATA)
                .orElseThrow().u32(Rtnl.IFLA_MACVLAN_MODE));
    }

    @Test
    void wireguardCreateIsJustTheKind() {
        NetlinkMessage m = roundTrip(Rtnl.linkCreate(LinkSpec.wireguard("w-abc"), 0, -1));
        NetlinkAttributes info = m.attributes(Rtnl.IFINFOMSG_SIZE).nested(Rtnl.IFLA_LINKINFO).orElseThrow();
        assertEquals(Optional.of("wireguard"), info.string(Rtnl.IFLA_INFO_KIND));
        assertFalse(info.has(Rtnl.IFLA_INFO_DATA));
    }

    @Test
    void aVlanLinkAsTheKernelReportsItDecodes() {
        NetlinkMessageWriter w = Rtnl.linkRequest(Rtnl.RTM_NEWLINK, 0, 12, Rtnl.IFF_UP | Rtnl.IFF_LOWER_UP, 0);
        w.putString(Rtnl.IFLA_IFNAME, "eth0.42");
        w.putU32(Rtnl.IFLA_MTU, 1500);
        w.putU32(Rtnl.IFLA_LINK, 2);
        w.putU8(Rtnl.IFLA_OPERSTATE, 6);
        w.putU8(Rtnl.IFLA_CARRIER, 1);
        w.putAttribute(Rtnl.IFLA_ADDRESS, MacAddress.parse("02:00:00:00:00:42").bytes());
        int info = w.beginNested(Rtnl.IFLA_LINKINFO);
        w.putString(Rtnl.IFLA_INFO_KIND, "vlan");
        int data = w.beginNested(Rtnl.IFLA_INFO_DATA);
        w.putU16(Rtnl.IFLA_VLAN_ID, 42);
        w.endNested(data);
        w.endNested(info);
        Link link = Rtnl.parseLink(roundTrip(w));
        assertEquals(new Link(12, "eth0.42", "vlan", MacAddress.parse("02:00:00:00:00:42"), 1500, true, true,
                OperState.UP, 0, 2, false, 42, null), link);
    }

    @Test
    void aLinkWithoutKindIsADeviceAndLoopbackIsLoopback() {
        NetlinkMessageWriter nic = Rtnl.linkRequest(Rtnl.RTM_NEWLINK, 0, 2, 0, 0);
        nic.putString(Rtnl.IFLA_IFNAME, "enp1s0");
        assertEquals(Link.KIND_DEVICE, Rtnl.parseLink(roundTrip(nic)).kind());
        assertFalse(Rtnl.parseLink(roundTrip(nic)).carrier());
        assertNull(Rtnl.parseLink(roundTrip(nic)).mac());
        NetlinkMessageWriter lo = Rtnl.linkRequest(Rtnl.RTM_NEWLINK, 0, 1, Rtnl.IFF_LOOPBACK, 0);
        lo.putString(Rtnl.IFLA_IFNAME, "lo");
        assertTrue(Rtnl.parseLink(roundTrip(lo)).isLoopback());
    }

    @Test
    void addressWithLeaseLifetimesAndFlags() {
        NetlinkMessage m = roundTrip(Rtnl.addressChange(Rtnl.RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_REPLACE,
                5, AddressSpec.of("2001:db8::5/64").withLifetimes(600, 300).withNoDad().withNoPrefixRoute()));
        assertEquals(AddressFamily.IPV6.code(), m.u8At(0));
        assertEquals(64, m.u8At(1));
        assertEquals(5, m.i32At(4));
        var decoded = Rtnl.parseAddress(m);
        assertEquals("2001:db8::5/64", decoded.cidr().toString());
        assertEquals(600, decoded.validLifetime());
        assertEquals(300, decoded.preferredLifetime());
        assertEquals(0x02 | 0x200, decoded.flags());
    }

    @Test
    void routeRequestsAndTheirDecoding() {
        RouteSpec spec = RouteSpec.to("10.9.0.0/16").via("192.0.2.1").table(1000).metric(20);
        NetlinkMessage m = roundTrip(Rtnl.routeChange(Rtnl.RTM_NEWROUTE, Netlink.NLM_F_CREATE, spec, 4));
        // a table above 255 travels only in RTA_TABLE
        assertEquals(0, m.u8At(4));
        Route decoded = Rtnl.parseRoute(m);
        assertEquals("10.9.0.0/16", decoded.destination().toString());
        assertEquals("192.0.2.1", decoded.gateway().getHostAddress());
        assertEquals(1000, decoded.table());
        assertEquals(20, decoded.metric());
        assertEquals(4, decoded.outputIndex());
        assertEquals(Route.PROTOCOL_BOOT, decoded.protocol());

        NetlinkMessage delete = roundTrip(Rtnl.routeChange(Rtnl.RTM_DELROUTE, 0, RouteSpec.to("10.9.0.0/16"), 0));
        assertEquals(AddressScope.NOWHERE.code(), delete.u8At(6)); // matches any scope, as ip route del does
        assertEquals(0, delete.u8At(5)); // and any protocol

        NetlinkMessage defaultRoute = roundTrip(Rtnl.routeChange(Rtnl.RTM_NEWROUTE, 0,
                RouteSpec.defaultRoute(AddressFamily.IPV6).via("2001:db8::1"), 0));
        assertFalse(defaultRoute.attributes(Rtnl.RTMSG_SIZE).has(Rtnl.RTA_DST));
        assertTrue(Rtnl.parseRoute(defaultRoute).isDefault());
    }

    @Test
    void eventDecodingByMessageType() {
        NetlinkMessageWriter w = Rtnl.linkRequest(Rtnl.RTM_DELLINK, 0, 9, 0, 0);
        w.putString(Rtnl.IFLA_IFNAME, "gone0");
        var event = EventSubscription.decode(roundTrip(w));
        assertTrue(event instanceof zos.networkd.api.host.NetworkEvent.LinkRemoved removed
                && removed.link().name().equals("gone0"));
        assertNull(EventSubscription.decode(NetlinkMessage.parseAll(
                new NetlinkMessageWriter(Netlink.NLMSG_NOOP, 0).finish(1, 0)).get(0)));
    }
}
