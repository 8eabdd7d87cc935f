package zos.networkd.provision.internal;



import zos.grid.api.crypto.SealedSecret;
import zos.grid.api.json.GridJson;

/**
 * The text form of a grid {@link SealedSecret} in a mesh declaration's {@code sealedPrivateKey}: its
 * grid JSON, {@code {"enc":"<base64>","ciphertext":"<base64>"}}. Ciphertext only, but messages still
 * never quote it.
 */
final class SealedKeyText {
    private SealedKeyText() {
    }

    static String format(SealedSecret sealed) {
        return GridJson.toText(GridJson.toJson(sealed));
    }

    static SealedSecret parse(String networkId, String text) {
        try {
            return GridJson.sealedSecret(GridJson.parse(text), "wg_private_key");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("network " + networkId + ": the sealed WireGuard private key is not a "
                    + "sealed secret of the grid ({\"enc\": base64, \"ciphertext\": base64})");
        }
    }
}
