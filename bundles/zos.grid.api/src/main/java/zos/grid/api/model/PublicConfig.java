package zos.grid.api.model;

import java.net.InetAddress;

import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;

/**
 * The farmer's public interface configuration for a node: a macvlan on NIC {@code master} with
 * static addresses and gateways. {@code version} is the registry's: it grows with every change, so
 * a node notices one.
 */
public record PublicConfig(String type, String master, Cidr ipv4, InetAddress gateway4, Cidr ipv6,
        InetAddress gateway6, long version) {
    public static final String MACVLAN = "macvlan";

    public PublicConfig {
        Check.present("type", type);
        if (!MACVLAN.equals(type)) {
            throw new ValidationException("type", "only '" + MACVLAN + "' is supported, not '" + type + "'");
        }
        Check.interfaceName("master", master);
        Check.family("ipv4", ipv4, AddressFamily.IPV4);
        Check.family("gateway4", gateway4, AddressFamily.IPV4);
        Check.family("ipv6", ipv6, AddressFamily.IPV6);
        Check.family("gateway6", gateway6, AddressFamily.IPV6);
        if (ipv4 == null && ipv6 == null) {
            throw new ValidationException("ipv4", "an IPv4 or an IPv6 address is required");
        }
        if (gateway4 != null && ipv4 == null) {
            throw new ValidationException("gateway4", "given without ipv4");
        }
        if (gateway6 != null && ipv6 == null) {
            throw new ValidationException("gateway6", "given without ipv6");
        }
        if (gateway4 != null && !ipv4.contains(gateway4)) {
            throw new ValidationException("gateway4", "not inside " + ipv4.network());
        }
        if (version < 0) {
            throw new ValidationException("version", "must not be negative");
        }
    }

    public PublicConfig withVersion(long newVersion) {
        return new PublicConfig(type, master, ipv4, gateway4, ipv6, gateway6, newVersion);
    }

    /** Same addresses, NIC and gateways, whatever the version. */
    public boolean sameSettingsAs(PublicConfig other) {
        return other != null && withVersion(0).equals(other.withVersion(0));
    }
}
