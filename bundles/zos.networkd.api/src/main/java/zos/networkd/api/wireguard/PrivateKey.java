package zos.networkd.api.wireguard;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;

import javax.crypto.KeyAgreement;

/**
 * A WireGuard private key (Curve25519). It never shows itself: {@link #toString()} says
 * {@code (hidden)}, the bytes live in a transient field (so reflection-based JSON writers see
 * nothing) and parse errors never quote the text. {@link #revealBase64()} and {@link #revealHex()}
 * are for the few places that must hand it to WireGuard or to a 0600 file.
 */
public final class PrivateKey extends SecretKey {
    private static final String WHAT = "WireGuard private key";
    /** The Curve25519 base point u = 9: X25519(k, 9) is k's public key. */
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

    /** X25519 takes about a millisecond, and status, read-back and records all ask: made once. */
    private transient volatile PublicKey publicKey;

    private PrivateKey(byte[] key) {
        super(key);
    }

    /** A new key from the JDK's X25519 generator, clamped as {@code wg genkey} prints it. */
    public static PrivateKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            XECPrivateKey generated = (XECPrivateKey) generator.generateKeyPair().getPrivate();
            byte[] scalar = generated.getScalar().orElseThrow(() -> new IllegalStateException("X25519 key without scalar"));
            return of(clamp(scalar));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate X25519 keys", e);
        }
    }

    public static PrivateKey parse(String base64) {
        return of(KeyBytes.decodeBase64(base64, WHAT, true));
    }

    public static PrivateKey of(byte[] bytes) {
        byte[] copy = KeyBytes.requireLength(bytes, WHAT);
        if (KeyBytes.isZero(copy)) {
            throw new IllegalArgumentException(WHAT + ": all zeros (that means 'no key')");
        }
        return new PrivateKey(copy);
    }

    /** From the 64 hex digits of the UAPI protocol. */
    public static PrivateKey ofHex(String hex) {
        return of(KeyBytes.decodeHex(hex, WHAT));
    }

    private static byte[] clamp(byte[] scalar) {
        byte[] k = scalar.clone();
        k[0] &= (byte) 248;
        k[31] = (byte) ((k[31] & 127) | 64);
        return k;
    }

    /** The matching public key: X25519 of this key and the base point, what {@code wg pubkey} computes. */
    public PublicKey publicKey() {
        PublicKey known = publicKey;
        if (known == null) {
            known = derivePublicKey();
            publicKey = known;
        }
        return known;
    }

    private PublicKey derivePublicKey() {
        try {
            KeyFactory factory = KeyFactory.getInstance("X25519");
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, revealBytes())));
            agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BASE_POINT)), true);
            return PublicKey.of(agreement.generateSecret());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 failed for a WireGuard private key", e);
        }
    }
}
