package zos.networkd.identity.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A second, independent HPKE sealer (RFC 9180 §4 and §5, base mode, DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, ChaCha20-Poly1305) written from the RFC with nothing but the JDK's X25519, HMAC and
 * ChaCha20-Poly1305, so that the node's opening (Bouncy Castle) is tested against another
 * implementation, not against itself.
 */
final class JdkHpke {
    private static final byte[] KEM_SUITE = concat("KEM".getBytes(StandardCharsets.US_ASCII), new byte[] {0x00, 0x20});
    private static final byte[] HPKE_SUITE = concat("HPKE".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0x00, 0x20, 0x00, 0x01, 0x00, 0x03});
    private static final byte[] VERSION = "HPKE-v1".getBytes(StandardCharsets.US_ASCII);

    record Sealed(byte[] enc, byte[] ciphertext) {
    }

    private JdkHpke() {
    }

    static Sealed seal(byte[] recipientPublicKey, byte[] info, byte[] aad, byte[] plaintext) throws Exception {
        // Encap (RFC 9180 §4.1)
        KeyPair ephemeral = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(ephemeral.getPrivate());
        agreement.doPhase(publicKeyOf(recipientPublicKey), true);
        byte[] dh = agreement.generateSecret();
        byte[] enc = rawOf((XECPublicKey) ephemeral.getPublic());
        byte[] kemContext = concat(enc, recipientPublicKey);
        byte[] eaePrk = labeledExtract(KEM_SUITE, new byte[0], "eae_prk", dh);
        byte[] sharedSecret = labeledExpand(KEM_SUITE, eaePrk, "shared_secret", kemContext, 32);

        // KeySchedule (§5.1), mode_base, no PSK
        byte[] pskIdHash = labeledExtract(HPKE_SUITE, new byte[0], "psk_id_hash", new byte[0]);
        byte[] infoHash = labeledExtract(HPKE_SUITE, new byte[0], "info_hash", info);
        byte[] context = concat(new byte[] {0x00}, concat(pskIdHash, infoHash));
        byte[] secret = labeledExtract(HPKE_SUITE, sharedSecret, "secret", new byte[0]);
        byte[] key = labeledExpand(HPKE_SUITE, secret, "key", context, 32);
        byte[] baseNonce = labeledExpand(HPKE_SUITE, secret, "base_nonce", context, 12);

        // first message: sequence number 0, so the nonce is the base nonce
        Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(baseNonce));
        cipher.updateAAD(aad);
        return new Sealed(enc, cipher.doFinal(plaintext));
    }

    private static byte[] labeledExtract(byte[] suite, byte[] salt, String label, byte[] ikm) throws Exception {
        byte[] labeled = concat(concat(VERSION, suite), concat(label.getBytes(StandardCharsets.US_ASCII), ikm));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
        return mac.doFinal(labeled);
    }

    private static byte[] labeledExpand(byte[] suite, byte[] prk, String label, byte[] info, int length) throws Exception {
        byte[] labeledInfo = concat(new byte[] {(byte) (length >> 8), (byte) length},
                concat(concat(VERSION, suite), concat(label.getBytes(StandardCharsets.US_ASCII), info)));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] previous = new byte[0];
        for (int counter = 1; out.size() < length; counter++) {
            mac.update(previous);
            mac.update(labeledInfo);
            mac.update((byte) counter);
            previous = mac.doFinal();
            out.write(previous);
        }
        byte[] okm = new byte[length];
        System.arraycopy(out.toByteArray(), 0, okm, 0, length);
        return okm;
    }

    /** RFC 7748 keys are little-endian u-coordinates; the JDK's spec takes a BigInteger. */
    private static PublicKey publicKeyOf(byte[] raw) throws Exception {
        byte[] bigEndian = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            bigEndian[i] = raw[raw.length - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        return KeyFactory.getInstance("X25519").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
    }

    private static byte[] rawOf(XECPublicKey key) {
        byte[] bigEndian = key.getU().toByteArray();
        byte[] raw = new byte[32];
        for (int i = 0; i < Math.min(32, bigEndian.length); i++) {
            raw[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return raw;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
