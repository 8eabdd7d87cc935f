package zos.grid.api.crypto;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Who someone on the grid is: the base58 text of an ed25519 public key. A node's id, a farmer's and a
 * user's are all key ids, so whoever holds an id can check that party's signatures with nothing else.
 */
public record KeyId(String text) implements Comparable<KeyId> {
    public static final int PUBLIC_KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    public KeyId {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty key id");
        }
        byte[] key;
        try {
            key = Base58.decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a key id (base58 of an ed25519 public key): " + e.getMessage());
        }
        if (key.length != PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("not a key id: decodes to " + key.length + " bytes, an ed25519 public key has "
                    + PUBLIC_KEY_LENGTH);
        }
        if (!Base58.encode(key).equals(text)) {
            throw new IllegalArgumentException("not a key id: not in canonical base58 form");
        }
    }

    public static KeyId parse(String text) {
        return new KeyId(text);
    }

    public static KeyId of(byte[] publicKey) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("an ed25519 public key has " + PUBLIC_KEY_LENGTH + " bytes");
        }
        return new KeyId(Base58.encode(publicKey));
    }

    /** The raw 32-byte ed25519 public key. */
    public byte[] publicKey() {
        return Base58.decode(text);
    }

    /** Whether {@code signature} is this key's ed25519 signature of {@code message}. */
    public boolean verifies(byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        Ed25519PublicKeyParameters key;
        try {
            key = new Ed25519PublicKeyParameters(publicKey());
        } catch (IllegalArgumentException notAPoint) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** Same key, shown shortened for tables: {@code 7Xq3…k9Zp}. */
    public String abbreviated() {
        return text.length() <= 12 ? text : text.substring(0, 6) + "…" + text.substring(text.length() - 4);
    }

    @Override
    public int compareTo(KeyId other) {
        return text.compareTo(other.text);
    }

    @Override
    public String toString() {
        return text;
    }
}
