package zos.grid.api.crypto;

import java.util.Arrays;
import java.util.Base64;

/**
 * A secret sealed to one node's X25519 key with HPKE (RFC 9180, base mode,
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305): the encapsulated key and the
 * ciphertext. Only the node holding the matching private key can open it.
 */
public record SealedSecret(byte[] enc, byte[] ciphertext) {
    public static final int ENC_LENGTH = 32;
    /** ChaCha20-Poly1305's tag: a ciphertext is at least this long. */
    public static final int TAG_LENGTH = 16;

    public SealedSecret {
        if (enc == null || enc.length != ENC_LENGTH) {
            throw new IllegalArgumentException("enc must be " + ENC_LENGTH + " bytes (an X25519 public key)");
        }
        if (ciphertext == null || ciphertext.length < TAG_LENGTH) {
            throw new IllegalArgumentException("ciphertext must be at least " + TAG_LENGTH + " bytes");
        }
        enc = enc.clone();
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] enc() {
        return enc.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealedSecret o && Arrays.equals(enc, o.enc) && Arrays.equals(ciphertext, o.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(enc) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        // sealed, so not secret; shortened because it says nothing to a reader
        return "SealedSecret[enc=" + Base64.getEncoder().encodeToString(enc).substring(0, 8) + "…, "
                + ciphertext.length + " bytes]";
    }
}
