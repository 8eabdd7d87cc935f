package zos.user.tool.network;

import zos.grid.api.crypto.KeyId;
import zos.networkd.api.host.Cidr;

/**
 * An external peer of a network (a user's laptop): its /24 of the range, its WireGuard public key
 * and the public node it reaches the network through. Its private key is never kept.
 */
public record AccessPeer(String name, Cidr subnet, String publicKey, KeyId via) {
    public AccessPeer {
        if (name == null || subnet == null || publicKey == null || via == null) {
            throw new IllegalArgumentException("an access peer needs name, subnet, public key and node");
        }
    }
}
