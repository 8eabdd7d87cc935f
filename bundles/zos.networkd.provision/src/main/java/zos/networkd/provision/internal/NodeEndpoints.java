package zos.networkd.provision.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;

/**
 * Which of the node's addresses peers on the Internet can dial: IPv4 that is not private (RFC 1918),
 * shared (100.64.0.0/10, carrier NAT), loopback, link-local, "this network" or multicast; IPv6 that is
 * global unicast (2000::/3), not ULA or link-local. The documentation ranges count as public: the
 * lab's "Internet" is made of them.
 */
final class NodeEndpoints {
    private static final List<Cidr> NOT_PUBLIC_V4 = List.of(Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"),
            Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"), Cidr.parse("169.254.0.0/16"),
            Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16"), Cidr.parse("224.0.0.0/3"));
    private static final Cidr GLOBAL_UNICAST_V6 = Cidr.parse("2000::/3");

    /** The node's addresses, preferred first (the uplink's before other interfaces'). */
    record Addresses(List<InetAddress> addresses) {
        Addresses {
            addresses = List.copyOf(addresses);
        }
    }

    private NodeEndpoints() {
    }

    static boolean isPublic(InetAddress address) {
        if (address instanceof Inet4Address) {
            return NOT_PUBLIC_V4.stream().noneMatch(c -> c.contains(address));
        }
        return address instanceof Inet6Address && GLOBAL_UNICAST_V6.contains(address);
    }

    static Optional<String> ipv4(Addresses node, int port) {
        return node.addresses().stream().filter(a -> a instanceof Inet4Address && isPublic(a)).findFirst()
                .map(a -> IpAddresses.format(a) + ":" + port);
    }

    static Optional<String> ipv6(Addresses node, int port) {
        return node.addresses().stream().filter(a -> a instanceof Inet6Address && isPublic(a)).findFirst()
                .map(a -> "[" + IpAddresses.format(a) + "]:" + port);
    }
}
