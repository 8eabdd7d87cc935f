package zos.grid.api.crypto;

import java.security.SecureRandom;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * A node's X25519 key-agreement key pair: users seal secrets to its public half, the node opens them
 * with the private half. Never printed.
 */
public final class AgreementKeyPair {
    public static final int KEY_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X25519PrivateKeyParameters key;
    private final byte[] publicKey;

    private AgreementKeyPair(X25519PrivateKeyParameters key) {
        this.key = key;
        this.publicKey = key.generatePublicKey().getEncoded();
    }

    public static AgreementKeyPair generate() {
        return new AgreementKeyPair(new X25519PrivateKeyParameters(RANDOM));
    }

    public static AgreementKeyPair fromPrivateKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an X25519 private key has " + KEY_LENGTH + " bytes");
        }
        return new AgreementKeyPair(new X25519PrivateKeyParameters(privateKey, 0));
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** A copy of the private key: secret, for the key's own storage only. */
    public byte[] privateKey() {
        return key.getEncoded();
    }

    /**
     * Opens a secret sealed to this key with the same {@code info} and {@code aad}.
     *
     * @throws IllegalArgumentException when it was not sealed to this key, or was changed
     */
    public byte[] open(SealedSecret sealed, byte[] info, byte[] aad) {
        AsymmetricCipherKeyPair recipient = SealedSecrets.hpke().deserializePrivateKey(key.getEncoded(), publicKey);
        try {
            return SealedSecrets.hpke().open(sealed.enc(), recipient, info, aad, sealed.ciphertext(), null, null, null);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new IllegalArgumentException("sealed secret does not open with this key (sealed to another key, "
                    + "with other context, or altered)");
        }
    }

    @Override
    public String toString() {
        return "AgreementKeyPair[X25519 public " + java.util.Base64.getEncoder().encodeToString(publicKey) + "]";
    }
}
