package zos.grid.api.crypto;

import java.security.SecureRandom;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An ed25519 private key. Never printed: {@link #toString()} shows only the public {@link KeyId}.
 * Whoever stores it keeps {@link #seed()} in a file only its owner can read (mode 0600).
 */
public final class SigningKey {
    public static final int SEED_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ed25519PrivateKeyParameters key;
    private final KeyId id;

    private SigningKey(Ed25519PrivateKeyParameters key) {
        this.key = key;
        this.id = KeyId.of(key.generatePublicKey().getEncoded());
    }

    public static SigningKey generate() {
        return new SigningKey(new Ed25519PrivateKeyParameters(RANDOM));
    }

    /** The key whose RFC 8032 private key (seed) is these 32 bytes. */
    public static SigningKey fromSeed(byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an ed25519 private key (seed) has " + SEED_LENGTH + " bytes");
        }
        return new SigningKey(new Ed25519PrivateKeyParameters(seed, 0));
    }

    public KeyId id() {
        return id;
    }

    /** A copy of the 32-byte seed: secret, for the key's own storage only. */
    public byte[] seed() {
        return key.getEncoded();
    }

    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public String toString() {
        return "SigningKey[" + id + "]";
    }
}
