package zos.networkd.api.boot;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

import zos.networkd.api.host.Cidr;

/**
 * A DHCPv4 lease (or a static configuration, with {@code server} null and no expiry).
 *
 * @param address the address and prefix length
 * @param gateway the router, null when the lease has none
 * @param dns name servers offered
 * @param domain search domain offered, null when none
 * @param server the DHCP server, null for a static configuration
 * @param seconds lease time in seconds, 0 for a static configuration
 * @param obtained when it was granted or last renewed
 * @param expires when it runs out unless renewed, null for a static configuration
 */
public record Lease(Cidr address, InetAddress gateway, List<InetAddress> dns, String domain, InetAddress server,
        long seconds, Instant obtained, Instant expires) {
    public Lease {
        dns = List.copyOf(dns);
    }

    public boolean isStatic() {
        return server == null;
    }
}
