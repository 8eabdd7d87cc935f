package zos.networkd.api.host;

import java.net.InetAddress;

/**
 * A route as the kernel reports it.
 *
 * @param destination destination prefix, {@code 0.0.0.0/0} or {@code ::/0} for a default route
 * @param gateway next hop, null for a directly connected route
 * @param outputIndex index of the output link, 0 when none
 * @param table routing table id ({@link #TABLE_MAIN} = 254)
 * @param metric priority, lower wins
 * @param protocol who installed it ({@code RTPROT_*}: 2 kernel, 3 boot, 4 static, 9 ra, 16 dhcp)
 * @param scope its scope
 * @param type its type
 * @param preferredSource the source address the route prefers, null when none
 */
public record Route(Cidr destination, InetAddress gateway, int outputIndex, int table, int metric, int protocol,
        AddressScope scope, RouteType type, InetAddress preferredSource) {

    public static final int TABLE_MAIN = 254;
    public static final int TABLE_LOCAL = 255;
    /** Passed as the table to a listing: every table. */
    public static final int TABLE_ALL = 0;

    public static final int PROTOCOL_KERNEL = 2;
    public static final int PROTOCOL_BOOT = 3;
    public static final int PROTOCOL_STATIC = 4;
    public static final int PROTOCOL_RA = 9;
    public static final int PROTOCOL_DHCP = 16;

    public AddressFamily family() {
        return destination.family();
    }

    public boolean isDefault() {
        return destination.isDefault() && type == RouteType.UNICAST;
    }
}
