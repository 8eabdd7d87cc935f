package zos.networkd.netlink.internal;

import java.net.InetAddress;

import zos.networkd.api.host.Address;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.AddressScope;
import zos.networkd.api.host.AddressSpec;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.Link;
import zos.networkd.api.host.LinkOptions;
import zos.networkd.api.host.LinkSpec;
import zos.networkd.api.host.MacAddress;
import zos.networkd.api.host.MacvlanMode;
import zos.networkd.api.host.OperState;
import zos.networkd.api.host.Route;
import zos.networkd.api.host.RouteSpec;
import zos.networkd.api.host.RouteType;
import zos.networkd.api.netlink.Netlink;
import zos.networkd.api.netlink.NetlinkAttributes;
import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;

/**
 * rtnetlink messages: building link, address and route requests and decoding the kernel's
 * answers and events. Layouts from {@code linux/rtnetlink.h}, {@code if_link.h}, {@code if_addr.h}.
 */
final class Rtnl {
    private Rtnl() {
    }

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;

    static final int AF_UNSPEC = 0;

    /** struct ifinfomsg. */
    static final int IFINFOMSG_SIZE = 16;
    /** struct ifaddrmsg. */
    static final int IFADDRMSG_SIZE = 8;
    /** struct rtmsg. */
    static final int RTMSG_SIZE = 12;

    static final int IFF_UP = 0x1;
    static final int IFF_LOOPBACK = 0x8;
    static final int IFF_LOWER_UP = 0x10000;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINK = 5;
    static final int IFLA_MASTER = 10;
    static final int IFLA_OPERSTATE = 16;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_NET_NS_FD = 28;
    static final int IFLA_EXT_MASK = 29;
    static final int IFLA_CARRIER = 33;
    static final int IFLA_LINK_NETNSID = 37;

    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;

    static final int VETH_INFO_PEER = 1;
    static final int IFLA_MACVLAN_MODE = 1;
    static final int IFLA_VLAN_ID = 1;

    /** RTEXT_FILTER_SKIP_STATS: dumps without the (large) statistics blocks. */
    static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_CACHEINFO = 6;
    static final int IFA_FLAGS = 8;

    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;
    static final int RTA_PREFSRC = 7;
    static final int RTA_TABLE = 15;

    static final int RT_TABLE_UNSPEC = 0;

    // ---- links ----

    static NetlinkMessageWriter linkRequest(int type, int flags, int index, int ifFlags, int ifChange) {
        NetlinkMessageWriter w = new NetlinkMessageWriter(type, Netlink.NLM_F_REQUEST | flags);
        w.putU8(AF_UNSPEC).putU8(0).putU16(0).putI32(index).putI32(ifFlags).putI32(ifChange);
        return w;
    }

    static NetlinkMessageWriter linkDump() {
        NetlinkMessageWriter w = linkRequest(RTM_GETLINK, Netlink.NLM_F_DUMP, 0, 0, 0);
        w.putU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
        return w;
    }

    static NetlinkMessageWriter linkGet(String name) {
        NetlinkMessageWriter w = linkRequest(RTM_GETLINK, Netlink.NLM_F_ACK, 0, 0, 0);
        w.putU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
        w.putString(IFLA_IFNAME, name);
        return w;
    }

    static NetlinkMessageWriter linkGet(int index) {
        NetlinkMessageWriter w = linkRequest(RTM_GETLINK, Netlink.NLM_F_ACK, index, 0, 0);
        w.putU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
        return w;
    }

    /**
     * The whole creation request: kind, kind data and options in one message, so the link never
     * exists half-configured.
     *
     * @param parentIndex index of the parent link for macvlan and vlan, else ignored
     * @param peerNamespaceFd descriptor of the namespace for a veth's peer, or -1
     */
    static NetlinkMessageWriter linkCreate(LinkSpec spec, int parentIndex, int peerNamespaceFd) {
        // NLM_F_ECHO: the kernel answers with the new link itself, which saves a GET
        NetlinkMessageWriter w = linkRequest(RTM_NEWLINK,
                Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL | Netlink.NLM_F_ECHO, 0, 0, 0);
        w.putString(IFLA_IFNAME, spec.name());
        putOptions(w, spec.options());
        if (spec instanceof LinkSpec.Macvlan || spec instanceof LinkSpec.Vlan) {
            w.putU32(IFLA_LINK, parentIndex);
        }
        int info = w.beginNested(IFLA_LINKINFO);
        w.putString(IFLA_INFO_KIND, spec.kind());
        if (spec instanceof LinkSpec.Veth veth) {
            int data = w.beginNested(IFLA_INFO_DATA);
            int peer = w.beginNested(VETH_INFO_PEER);
            w.putU8(AF_UNSPEC).putU8(0).putU16(0).putI32(0).putI32(0).putI32(0); // the peer's ifinfomsg
            w.putString(IFLA_IFNAME, veth.peerName());
            if (peerNamespaceFd >= 0) {
                w.putU32(IFLA_NET_NS_FD, peerNamespaceFd);
            }
            w.endNested(peer);
            w.endNested(data);
        } else if (spec instanceof LinkSpec.Macvlan macvlan) {
            int data = w.beginNested(IFLA_INFO_DATA);
            w.putU32(IFLA_MACVLAN_MODE, macvlan.mode().code());
            w.endNested(data);
        } else if (spec instanceof LinkSpec.Vlan vlan) {
            int data = w.beginNested(IFLA_INFO_DATA);
            w.putU16(IFLA_VLAN_ID, vlan.vlanId());
            w.endNested(data);
        }
        w.endNested(info);
        return w;
    }

    private static void putOptions(NetlinkMessageWriter w, LinkOptions options) {
        if (options.mtu() != null) {
            w.putU32(IFLA_MTU, options.mtu());
        }
        if (options.mac() != null) {
            w.putAttribute(IFLA_ADDRESS, options.mac().bytes());
        }
    }

    /** A change to an existing link, addressed by name (index 0) or index. */
    static NetlinkMessageWriter linkChange(String name, int index, int ifFlags, int ifChange) {
        NetlinkMessageWriter w = linkRequest(RTM_NEWLINK, Netlink.NLM_F_ACK, index, ifFlags, ifChange);
        if (index == 0) {
            w.putString(IFLA_IFNAME, name);
        }
        return w;
    }

    static NetlinkMessageWriter linkDelete(String name) {
        NetlinkMessageWriter w = linkRequest(RTM_DELLINK, Netlink.NLM_F_ACK, 0, 0, 0);
        w.putString(IFLA_IFNAME, name);
        return w;
    }

    static Link parseLink(NetlinkMessage m) {
        int index = m.i32At(4);
        int flags = m.i32At(8);
        NetlinkAttributes a = m.attributes(IFINFOMSG_SIZE);
        String kind = (flags & IFF_LOOPBACK) != 0 ? Link.KIND_LOOPBACK : Link.KIND_DEVICE;
        int vlanId = 0;
        MacvlanMode macvlanMode = null;
        var info = a.nested(IFLA_LINKINFO);
        if (info.isPresent()) {
            kind = info.get().string(IFLA_INFO_KIND).orElse(kind);
            var data = info.get().nested(IFLA_INFO_DATA);
            if (data.isPresent() && "vlan".equals(kind)) {
                vlanId = data.get().u16(IFLA_VLAN_ID).orElse(0);
            } else if (data.isPresent() && ("macvlan".equals(kind) || "macvtap".equals(kind))) {
                int mode = data.get().u32(IFLA_MACVLAN_MODE).orElse(MacvlanMode.VEPA.code());
                macvlanMode = MacvlanMode.ofCode(mode);
            }
        }
        MacAddress mac = a.get(IFLA_ADDRESS).filter(x -> x.length() > 0).map(x -> MacAddress.of(x.bytes()))
                .orElse(null);
        boolean carrier = a.u8(IFLA_CARRIER).isPresent() ? a.u8(IFLA_CARRIER).getAsInt() != 0
                : (flags & IFF_LOWER_UP) != 0;
        return new Link(index, a.string(IFLA_IFNAME).orElse("if" + index), kind, mac, a.u32(IFLA_MTU).orElse(0),
                (flags & IFF_UP) != 0, carrier, OperState.ofCode(a.u8(IFLA_OPERSTATE).orElse(0)),
                a.u32(IFLA_MASTER).orElse(0), a.u32(IFLA_LINK).orElse(0), a.has(IFLA_LINK_NETNSID), vlanId,
                macvlanMode);
    }

    // ---- addresses ----

    static NetlinkMessageWriter addressRequest(int type, int flags, AddressFamily family, int prefixLength,
            int scope, int index) {
        NetlinkMessageWriter w = new NetlinkMessageWriter(type, Netlink.NLM_F_REQUEST | flags);
        w.putU8(family == null ? AF_UNSPEC : family.code()).putU8(prefixLength).putU8(0).putU8(scope).putI32(index);
        return w;
    }

    static NetlinkMessageWriter addressDump() {
        return addressRequest(RTM_GETADDR, Netlink.NLM_F_DUMP, null, 0, 0, 0);
    }

    static NetlinkMessageWriter addressChange(int type, int flags, int index, AddressSpec spec) {
        Cidr cidr = spec.cidr();
        NetlinkMessageWriter w = addressRequest(type, Netlink.NLM_F_ACK | flags, cidr.family(), cidr.prefixLength(),
                AddressScope.UNIVERSE.code(), index);
        byte[] address = cidr.address().getAddress();
        w.putAttribute(IFA_LOCAL, address);
        w.putAttribute(IFA_ADDRESS, address);
        if (type == RTM_NEWADDR) {
            int ifaFlags = (spec.noDad() ? Address.IFA_F_NODAD : 0) | (spec.noPrefixRoute() ? Address.IFA_F_NOPREFIXROUTE : 0);
            if (ifaFlags != 0) {
                w.putU32(IFA_FLAGS, ifaFlags);
            }
            if (spec.validLifetime() != AddressSpec.FOREVER || spec.preferredLifetime() != AddressSpec.FOREVER) {
                // struct ifa_cacheinfo: preferred, valid, cstamp, tstamp
                byte[] cacheInfo = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder())
                        .putInt((int) spec.preferredLifetime()).putInt((int) spec.validLifetime()).putInt(0).putInt(0)
                        .array();
                w.putAttribute(IFA_CACHEINFO, cacheInfo);
            }
        }
        return w;
    }

    static Address parseAddress(NetlinkMessage m) {
        AddressFamily family = AddressFamily.ofCode(m.u8At(0));
        int prefixLength = m.u8At(1);
        int flags = m.u8At(2);
        int scope = m.u8At(3);
        int index = m.i32At(4);
        NetlinkAttributes a = m.attributes(IFADDRMSG_SIZE);
        // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links
        InetAddress local = a.address(IFA_LOCAL).or(() -> a.address(IFA_ADDRESS))
                .orElseThrow(() -> new IllegalStateException("address message without address"));
        flags = a.u32(IFA_FLAGS).orElse(flags);
        long preferred = AddressSpec.FOREVER;
        long valid = AddressSpec.FOREVER;
        var cacheInfo = a.get(IFA_CACHEINFO);
        if (cacheInfo.isPresent() && cacheInfo.get().length() >= 8) {
            var b = cacheInfo.get().payload();
            preferred = Integer.toUnsignedLong(b.getInt(b.position()));
            valid = Integer.toUnsignedLong(b.getInt(b.position() + 4));
        }
        return new Address(index, new Cidr(local, prefixLength), AddressScope.ofCode(scope), flags, valid, preferred);
    }

    static boolean isAddressOf(NetlinkMessage m, AddressFamily family) {
        return m.u8At(0) == family.code();
    }

    // ---- routes ----

    static NetlinkMessageWriter routeDump(AddressFamily family) {
        NetlinkMessageWriter w = new NetlinkMessageWriter(RTM_GETROUTE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
        w.putU8(family.code()).putU8(0).putU8(0).putU8(0).putU8(0).putU8(0).putU8(0).putU8(0).putI32(0);
        return w;
    }

    /**
     * @param outputIndex index of {@code spec.device()}, 0 when it names none
     */
    static NetlinkMessageWriter routeChange(int type, int flags, RouteSpec spec, int outputIndex) {
        boolean delete = type == RTM_DELROUTE;
        NetlinkMessageWriter w = new NetlinkMessageWriter(type, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | flags);
        int table = spec.table();
        int scope = delete ? AddressScope.NOWHERE.code()
                : spec.family() == AddressFamily.IPV6 ? AddressScope.UNIVERSE.code() : spec.scope().code();
        w.putU8(spec.family().code())
                .putU8(spec.destination().prefixLength())
                .putU8(0) // source length
                .putU8(0) // tos
                .putU8(Integer.compareUnsigned(table, 256) < 0 ? table : RT_TABLE_UNSPEC)
                .putU8(delete ? 0 : spec.protocol())
                .putU8(scope)
                .putU8(delete ? 0 : RouteType.UNICAST.code())
                .putI32(0);
        if (spec.destination().prefixLength() > 0) {
            w.putAttribute(RTA_DST, spec.destination().address().getAddress());
        }
        if (spec.gateway() != null) {
            w.putAttribute(RTA_GATEWAY, spec.gateway().getAddress());
        }
        if (outputIndex != 0) {
            w.putU32(RTA_OIF, outputIndex);
        }
        if (spec.metric() != null) {
            w.putU32(RTA_PRIORITY, spec.metric());
        }
        if (spec.preferredSource() != null) {
            w.putAttribute(RTA_PREFSRC, spec.preferredSource().getAddress());
        }
        w.putU32(RTA_TABLE, table);
        return w;
    }

    static Route parseRoute(NetlinkMessage m) {
        AddressFamily family = AddressFamily.ofCode(m.u8At(0));
        int destinationLength = m.u8At(1);
        int table = m.u8At(4);
        int protocol = m.u8At(5);
        int scope = m.u8At(6);
        int type = m.u8At(7);
        NetlinkAttributes a = m.attributes(RTMSG_SIZE);
        InetAddress destination = a.address(RTA_DST)
                .orElseGet(() -> IpAddresses.fromBytes(new byte[family.addressLength()]));
        return new Route(new Cidr(destination, destinationLength).network(), a.address(RTA_GATEWAY).orElse(null),
                a.u32(RTA_OIF).orElse(0), a.u32(RTA_TABLE).orElse(table), a.u32(RTA_PRIORITY).orElse(0), protocol,
                AddressScope.ofCode(scope), RouteType.ofCode(type), a.address(RTA_PREFSRC).orElse(null));
    }
}
