package zos.networkd.api.mesh;

import org.osgi.annotation.versioning.ProviderType;

import zos.networkd.api.wireguard.PrivateKey;

/**
 * Opens a WireGuard private key a user sealed to this node's identity key, so that it crosses the
 * registry encrypted. Provided by provisioning ({@code zos.networkd.provision}, which knows the grid's
 * format of sealed secrets and opens them with the node identity); without one, a network resource that
 * carries a sealed key is refused, and resources without one get a key generated on the node.
 */
@ProviderType
public interface SealedKeys {
    /**
     * @param networkId the resource the key belongs to (bound into the sealing, so a key cannot be
     *        replayed for another network)
     * @param sealed the sealed key as the user's tool wrote it
     * @throws IllegalArgumentException when it does not open with this node's key (the message never
     *         holds key material)
     */
    PrivateKey open(String networkId, String sealed);
}
