package zos.networkd.api.host;

import java.net.InetAddress;

/**
 * A route to add, replace or delete. Build with {@link #to(Cidr)} or {@link #defaultRoute(AddressFamily)}
 * and the {@code via}/{@code dev}/{@code table}/{@code metric} withers.
 *
 * @param destination destination prefix ({@code 0.0.0.0/0} for the default route)
 * @param gateway next hop, null for a route straight out of {@code device}
 * @param device output link name, null to let the kernel find it from the gateway
 * @param table routing table id
 * @param metric priority, null for the kernel's default
 * @param protocol who installs it ({@link Route#PROTOCOL_BOOT} by default, as {@code ip route} does)
 * @param preferredSource source address hint, null for none
 */
public record RouteSpec(Cidr destination, InetAddress gateway, String device, int table, Integer metric,
        int protocol, InetAddress preferredSource) {

    public RouteSpec {
        if (destination == null) {
            throw new IllegalArgumentException("route without destination");
        }
        destination = destination.network();
        if (gateway != null && AddressFamily.of(gateway) != destination.family()) {
            throw new IllegalArgumentException("route " + destination + ": gateway " + IpAddresses.format(gateway)
                    + " is of another address family");
        }
        if (preferredSource != null && AddressFamily.of(preferredSource) != destination.family()) {
            throw new IllegalArgumentException("route " + destination + ": source " + IpAddresses.format(preferredSource)
                    + " is of another address family");
        }
        if (device != null) {
            Names.checkInterfaceName(device);
        }
        if (table < 1 || table > 0xFFFFFFFEL) {
            throw new IllegalArgumentException("route " + destination + ": table " + table + " out of range");
        }
        if (metric != null && metric < 0) {
            throw new IllegalArgumentException("route " + destination + ": negative metric");
        }
    }

    public static RouteSpec to(Cidr destination) {
        return new RouteSpec(destination, null, null, Route.TABLE_MAIN, null, Route.PROTOCOL_BOOT, null);
    }

    public static RouteSpec to(String destination) {
        return to(Cidr.parse(destination));
    }

    public static RouteSpec defaultRoute(AddressFamily family) {
        return to(Cidr.anyOf(family));
    }

    public RouteSpec via(InetAddress newGateway) {
        return new RouteSpec(destination, newGateway, device, table, metric, protocol, preferredSource);
    }

    public RouteSpec via(String newGateway) {
        return via(IpAddresses.parse(newGateway));
    }

    public RouteSpec dev(String newDevice) {
        return new RouteSpec(destination, gateway, newDevice, table, metric, protocol, preferredSource);
    }

    public RouteSpec table(int newTable) {
        return new RouteSpec(destination, gateway, device, newTable, metric, protocol, preferredSource);
    }

    public RouteSpec metric(int newMetric) {
        return new RouteSpec(destination, gateway, device, table, newMetric, protocol, preferredSource);
    }

    public RouteSpec protocol(int newProtocol) {
        return new RouteSpec(destination, gateway, device, table, metric, newProtocol, preferredSource);
    }

    public RouteSpec source(InetAddress newSource) {
        return new RouteSpec(destination, gateway, device, table, metric, protocol, newSource);
    }

    public AddressFamily family() {
        return destination.family();
    }

    /** A route without a gateway reaches its destination on the link: scope link. */
    public AddressScope scope() {
        return gateway == null && device != null ? AddressScope.LINK : AddressScope.UNIVERSE;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(destination.isDefault() ? "default" : destination.toString());
        if (destination.isDefault() && destination.family() == AddressFamily.IPV6) {
            s.append(" (IPv6)");
        }
        if (gateway != null) {
            s.append(" via ").append(IpAddresses.format(gateway));
        }
        if (device != null) {
            s.append(" dev ").append(device);
        }
        if (table != Route.TABLE_MAIN) {
            s.append(" table ").append(Integer.toUnsignedString(table));
        }
        if (metric != null) {
            s.append(" metric ").append(metric);
        }
        return s.toString();
    }
}
