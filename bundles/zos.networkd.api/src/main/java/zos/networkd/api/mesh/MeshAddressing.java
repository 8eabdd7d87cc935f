package zos.networkd.api.mesh;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;

/**
 * The addresses a network resource's layout derives from its network id and /24, the same on
 * every node (so that a user-side planner computes what the nodes configure): the gateway
 * {@code <subnet>.1}, the WireGuard address {@code 100.64.b.c/16} (b.c the subnet's second and
 * third octets, as the original zos did) and the IPv6 ULA: a /48 per network from a hash of its
 * id, a /64 per subnet in it, {@code ::1} the gateway, {@code ::<last octet>} a workload.
 */
public final class MeshAddressing {
    /** Where WireGuard addresses come from: {@code 100.64.b.c/16}. */
    public static final Cidr WIREGUARD_RANGE = Cidr.parse("100.64.0.0/16");

    private MeshAddressing() {
    }

    private static byte[] octets(Cidr subnet) {
        if (subnet.family() != AddressFamily.IPV4) {
            throw new IllegalArgumentException("subnet " + subnet + " is not IPv4");
        }
        return subnet.network().address().getAddress();
    }

    /** {@code <subnet>.1/24}: the gateway of the workloads. */
    public static Cidr gateway(Cidr subnet) {
        return new Cidr(subnet.host(1), 24);
    }

    /** {@code 100.64.b.c/16}. */
    public static Cidr wireguardAddress(Cidr subnet) {
        byte[] o = octets(subnet);
        return new Cidr(IpAddresses.fromBytes(new byte[] {100, 64, o[1], o[2]}), 16);
    }

    /** {@code 100.64.b.c/32}: what peers route to this resource's WireGuard address. */
    public static Cidr wireguardHost(Cidr subnet) {
        return new Cidr(wireguardAddress(subnet).address(), 32);
    }

    /** The network's IPv6 ULA /48: {@code fd} and 40 bits of SHA-256 of its id (RFC 4193's random global id). */
    public static Cidr networkUla(String networkId) {
        byte[] hash = sha256("zos-ula\0" + networkId);
        byte[] a = new byte[16];
        a[0] = (byte) 0xfd;
        System.arraycopy(hash, 0, a, 1, 5);
        return new Cidr(IpAddresses.fromBytes(a), 48);
    }

    /** The subnet's ULA /64: the network's /48 and the subnet's second and third octets. */
    public static Cidr ula(String networkId, Cidr subnet) {
        byte[] o = octets(subnet);
        byte[] a = networkUla(networkId).address().getAddress();
        a[6] = o[1];
        a[7] = o[2];
        return new Cidr(IpAddresses.fromBytes(a), 64);
    }

    /** {@code <ula>::1/64}: the gateway's IPv6 address. */
    public static Cidr gatewayUla(String networkId, Cidr subnet) {
        return new Cidr(ula(networkId, subnet).host(1), 64);
    }

    /** A workload's ULA: the /64 and the last octet of its IPv4 address. */
    public static Cidr workloadUla(String networkId, Cidr subnet, InetAddress ipv4) {
        byte[] v4 = ipv4.getAddress();
        return new Cidr(ula(networkId, subnet).host(v4[3] & 0xff), 64);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
