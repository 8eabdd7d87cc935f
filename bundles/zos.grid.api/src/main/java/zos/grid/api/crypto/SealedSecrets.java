package zos.grid.api.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * Sealing secrets to a node (HPKE, RFC 9180, base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * ChaCha20-Poly1305, through Bouncy Castle), and the statement by which a node vouches for its
 * X25519 key with its ed25519 identity.
 */
public final class SealedSecrets {
    /** The RFC 9180 suite: KEM 0x0020, KDF 0x0001, AEAD 0x0003. */
    public static final String SUITE = "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305";
    private static final String INFO_PREFIX = "zos-grid sealed secret v1 for ";
    private static final String STATEMENT_PREFIX = "zos-grid agreement key v1\n";

    private SealedSecrets() {
    }

    static HPKE hpke() {
        // cheap, holds no key: one per use keeps it thread-safe
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_CHACHA20_POLY1305);
    }

    /** The HPKE {@code info} that binds a sealed secret to the node it is for. */
    public static byte[] infoFor(KeyId node) {
        return (INFO_PREFIX + node.text()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Seals {@code plaintext} to the X25519 public key {@code recipient}.
     *
     * @param aad authenticated, not encrypted (may be empty): what the secret belongs to
     */
    public static SealedSecret seal(byte[] recipient, byte[] info, byte[] aad, byte[] plaintext) {
        if (recipient == null || recipient.length != AgreementKeyPair.KEY_LENGTH) {
            throw new IllegalArgumentException("an X25519 public key has " + AgreementKeyPair.KEY_LENGTH + " bytes");
        }
        HPKE hpke = hpke();
        try {
            byte[][] sealed = hpke.seal(hpke.deserializePublicKey(recipient), info, aad, plaintext, null, null, null);
            return new SealedSecret(sealed[1], sealed[0]);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("HPKE seal failed", e);
        }
    }

    /**
     * The {@code aad} a WireGuard private key is sealed with: the network it belongs to, so that a
     * key sealed for one network cannot be passed off as another's.
     */
    public static byte[] wireGuardKeyAad(String netId) {
        return ("zos wireguard private key of network " + netId).getBytes(StandardCharsets.UTF_8);
    }

    /** Seals to a node: its agreement key, with the node's id as context. */
    public static SealedSecret sealTo(KeyId node, byte[] agreementPublicKey, byte[] aad, byte[] plaintext) {
        return seal(agreementPublicKey, infoFor(node), aad, plaintext);
    }

    /** What a node signs to vouch for its X25519 key: the key bound to the node's id. */
    public static byte[] agreementKeyStatement(KeyId node, byte[] agreementPublicKey) {
        return (STATEMENT_PREFIX + node.text() + "\n" + Base64.getEncoder().encodeToString(agreementPublicKey))
                .getBytes(StandardCharsets.UTF_8);
    }
}
