package zos.networkd.api.wireguard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import zos.networkd.api.host.Cidr;

/**
 * One peer of a WireGuard device as configured.
 *
 * @param publicKey the peer's public key (identifies it)
 * @param presharedKey an extra symmetric secret, null for none
 * @param endpoint where to reach it, null when it is not reachable (it will reach us)
 * @param allowedIps the prefixes routed to it and accepted from it; stored as networks (host bits
 *        cleared, as WireGuard keeps them), duplicates dropped, order kept
 * @param persistentKeepalive seconds between keepalives, 0 for none (a peer behind NAT needs ~25)
 */
public record PeerConfig(PublicKey publicKey, PresharedKey presharedKey, Endpoint endpoint, List<Cidr> allowedIps,
        int persistentKeepalive) {

    public PeerConfig {
        if (publicKey == null) {
            throw new IllegalArgumentException("WireGuard peer without public key");
        }
        if (allowedIps == null) {
            allowedIps = List.of();
        }
        LinkedHashSet<Cidr> networks = new LinkedHashSet<>();
        for (Cidr cidr : allowedIps) {
            if (cidr == null) {
                throw new IllegalArgumentException("WireGuard peer " + publicKey + ": null allowed IP");
            }
            networks.add(cidr.network());
        }
        allowedIps = List.copyOf(new ArrayList<>(networks));
        if (persistentKeepalive < 0 || persistentKeepalive > 65535) {
            throw new IllegalArgumentException("WireGuard peer " + publicKey + ": persistent keepalive "
                    + persistentKeepalive + " s out of 0..65535");
        }
    }

    public static PeerConfig of(PublicKey publicKey, List<Cidr> allowedIps) {
        return new PeerConfig(publicKey, null, null, allowedIps, 0);
    }

    public PeerConfig withEndpoint(Endpoint newEndpoint) {
        return new PeerConfig(publicKey, presharedKey, newEndpoint, allowedIps, persistentKeepalive);
    }

    public PeerConfig withAllowedIps(List<Cidr> newAllowedIps) {
        return new PeerConfig(publicKey, presharedKey, endpoint, newAllowedIps, persistentKeepalive);
    }

    public PeerConfig withKeepalive(int seconds) {
        return new PeerConfig(publicKey, presharedKey, endpoint, allowedIps, seconds);
    }

    public PeerConfig withPresharedKey(PresharedKey newKey) {
        return new PeerConfig(publicKey, newKey, endpoint, allowedIps, persistentKeepalive);
    }
}
