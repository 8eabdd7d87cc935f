package zos.networkd.provision.internal;

import java.util.Arrays;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import zos.grid.api.crypto.SealedSecret;
import zos.grid.api.crypto.SealedSecrets;
import zos.networkd.api.identity.NodeIdentity;
import zos.networkd.api.mesh.SealedKeys;
import zos.networkd.api.wireguard.PrivateKey;

/**
 * Opens WireGuard private keys users sealed to this node in the grid's format ({@link SealedKeyText})
 * with the node's identity, bound to the network ({@link SealedSecrets#wireGuardKeyAad}). The opened
 * bytes are overwritten as soon as the key is made of them.
 */
@Component(service = SealedKeys.class)
public class GridSealedKeys implements SealedKeys {

    private final NodeIdentity identity;

    @Activate
    public GridSealedKeys(@Reference NodeIdentity identity) {
        this.identity = identity;
    }

    @Override
    public PrivateKey open(String networkId, String sealed) {
        SealedSecret secret = SealedKeyText.parse(networkId, sealed);
        byte[] opened;
        try {
            opened = identity.openSealed(secret.enc(), secret.ciphertext(), SealedSecrets.wireGuardKeyAad(networkId));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("network " + networkId + ": the sealed WireGuard private key does not "
                    + "open with this node's key (sealed to another node or for another network, or altered)");
        }
        try {
            return PrivateKey.of(opened);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("network " + networkId + ": the sealed secret is not a WireGuard "
                    + "private key (" + opened.length + " bytes)");
        } finally {
            Arrays.fill(opened, (byte) 0);
        }
    }
}
