package zos.networkd.api.mesh;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PublicKey;

/**
 * Another node's network resource of the same network, as a WireGuard peer.
 *
 * @param publicKey its WireGuard public key
 * @param subnet its /24 of the network, null when it is not a network resource (a user's laptop
 *        listing only allowed IPs); from it come the addresses routed to it besides {@code allowedIps}
 *        (see {@link #routedPrefixes()})
 * @param allowedIps further prefixes routed to it and accepted from it (networks, host bits cleared)
 * @param endpoint where to reach it, null when it reaches us (it is behind NAT)
 * @param persistentKeepalive seconds between keepalives, 0 for none
 */
public record MeshPeer(PublicKey publicKey, Cidr subnet, List<Cidr> allowedIps, Endpoint endpoint,
        int persistentKeepalive) {
    /** What the original zos gave every peer, and what keeps a NAT mapping open. */
    public static final int DEFAULT_KEEPALIVE = 20;

    public MeshPeer {
        if (publicKey == null) {
            throw new IllegalArgumentException("peer without public key");
        }
        if (subnet != null) {
            if (subnet.family() != AddressFamily.IPV4 || subnet.prefixLength() != 24) {
                throw new IllegalArgumentException("peer " + publicKey + ": subnet " + subnet + " is not an IPv4 /24");
            }
            subnet = subnet.network();
        }
        LinkedHashSet<Cidr> networks = new LinkedHashSet<>();
        for (Cidr c : allowedIps == null ? List.<Cidr>of() : allowedIps) {
            if (c == null) {
                throw new IllegalArgumentException("peer " + publicKey + ": null allowed IP");
            }
            networks.add(c.network());
        }
        allowedIps = List.copyOf(new ArrayList<>(networks));
        if (subnet == null && allowedIps.isEmpty()) {
            throw new IllegalArgumentException("peer " + publicKey + ": neither subnet nor allowed IPs");
        }
        if (persistentKeepalive < 0 || persistentKeepalive > 65535) {
            throw new IllegalArgumentException("peer " + publicKey + ": keepalive " + persistentKeepalive
                    + " s out of 0..65535");
        }
    }

    public static MeshPeer of(PublicKey publicKey, Cidr subnet, Endpoint endpoint) {
        return new MeshPeer(publicKey, subnet, List.of(), endpoint, DEFAULT_KEEPALIVE);
    }

    /**
     * Everything routed to this peer: its subnet, its WireGuard address ({@code 100.64.b.c/32}) and
     * IPv6 ULA /64 (both derived from the subnet and the network id, see {@link MeshAddressing}),
     * then {@code allowedIps}.
     */
    public List<Cidr> routedPrefixes(String networkId) {
        LinkedHashSet<Cidr> all = new LinkedHashSet<>();
        if (subnet != null) {
            all.add(subnet);
            all.add(MeshAddressing.wireguardHost(subnet));
            all.add(MeshAddressing.ula(networkId, subnet));
        }
        all.addAll(allowedIps);
        return List.copyOf(all);
    }
}
