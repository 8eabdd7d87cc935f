package zos.networkd.netlink.internal;

import java.util.HashMap;
import java.util.Map;

import zos.networkd.api.host.GenericNetlinkFamily;
import zos.networkd.api.netlink.Netlink;
import zos.networkd.api.netlink.NetlinkAttributes;
import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;

/** The generic netlink controller ({@code nlctrl}): resolving a family name to its id and groups. */
final class GenericNetlink {
    private GenericNetlink() {
    }

    static final int GENL_ID_CTRL = 0x10;
    /** struct genlmsghdr: cmd, version, reserved. */
    static final int GENL_HEADER_SIZE = 4;
    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;
    static final int CTRL_ATTR_VERSION = 3;
    static final int CTRL_ATTR_HDRSIZE = 4;
    static final int CTRL_ATTR_MAXATTR = 5;
    static final int CTRL_ATTR_MCAST_GROUPS = 7;
    static final int CTRL_ATTR_MCAST_GRP_NAME = 1;
    static final int CTRL_ATTR_MCAST_GRP_ID = 2;

    static NetlinkMessageWriter getFamily(String name) {
        NetlinkMessageWriter w = new NetlinkMessageWriter(GENL_ID_CTRL, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        w.putU8(CTRL_CMD_GETFAMILY).putU8(1).putU16(0);
        w.putString(CTRL_ATTR_FAMILY_NAME, name);
        return w;
    }

    static GenericNetlinkFamily parseFamily(NetlinkMessage m) {
        NetlinkAttributes a = m.attributes(GENL_HEADER_SIZE);
        Map<String, Integer> groups = new HashMap<>();
        a.nested(CTRL_ATTR_MCAST_GROUPS).ifPresent(list -> {
            for (NetlinkAttributes.Attribute entry : list.all()) {
                NetlinkAttributes group = entry.nested();
                group.string(CTRL_ATTR_MCAST_GRP_NAME).ifPresent(
                        groupName -> groups.put(groupName, group.u32(CTRL_ATTR_MCAST_GRP_ID).orElse(0)));
            }
        });
        return new GenericNetlinkFamily(a.string(CTRL_ATTR_FAMILY_NAME).orElse(""),
                a.u16(CTRL_ATTR_FAMILY_ID).orElse(0), a.u32(CTRL_ATTR_VERSION).orElse(0),
                a.u32(CTRL_ATTR_HDRSIZE).orElse(0), a.u32(CTRL_ATTR_MAXATTR).orElse(0), groups);
    }
}
