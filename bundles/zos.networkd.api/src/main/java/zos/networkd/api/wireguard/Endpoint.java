package zos.networkd.api.wireguard;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.IpAddresses;

/**
 * Where a peer is reached: an IP address (never a name: the node does not resolve) and a UDP port.
 * Text form as {@code wg} prints it: {@code 198.51.100.2:51820}, {@code [2001:db8::2]:51820}.
 */
public record Endpoint(InetAddress address, int port) {

    public Endpoint {
        if (address == null) {
            throw new IllegalArgumentException("WireGuard endpoint without address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("WireGuard endpoint " + IpAddresses.format(address) + ": port " + port
                    + " out of 1..65535");
        }
    }

    /** Parses {@code ipv4:port} or {@code [ipv6]:port}. */
    public static Endpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty WireGuard endpoint");
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("WireGuard endpoint '" + text + "': expected [IPv6]:port");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("WireGuard endpoint '" + text
                        + "': expected IPv4:port or [IPv6]:port");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        InetAddress address;
        try {
            address = IpAddresses.parse(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("WireGuard endpoint '" + text + "': " + e.getMessage());
        }
        if (!port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("WireGuard endpoint '" + text + "': port '" + port + "' is not a number");
        }
        return new Endpoint(address, Integer.parseInt(port));
    }

    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        String host = IpAddresses.format(address);
        return (family() == AddressFamily.IPV6 ? "[" + host + "]" : host) + ":" + port;
    }
}
