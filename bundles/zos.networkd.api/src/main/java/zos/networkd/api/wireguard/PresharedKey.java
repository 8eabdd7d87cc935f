package zos.networkd.api.wireguard;

import java.security.SecureRandom;

/**
 * A WireGuard preshared key (32 random bytes, an extra symmetric secret between two peers).
 * Secret like {@link PrivateKey}: never shown by {@link #toString()}, transient bytes.
 */
public final class PresharedKey extends SecretKey {
    private static final String WHAT = "WireGuard preshared key";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PresharedKey(byte[] key) {
        super(key);
    }

    public static PresharedKey generate() {
        byte[] bytes = new byte[KeyBytes.LENGTH];
        RANDOM.nextBytes(bytes);
        return new PresharedKey(bytes);
    }

    public static PresharedKey parse(String base64) {
        return of(KeyBytes.decodeBase64(base64, WHAT, true));
    }

    public static PresharedKey of(byte[] bytes) {
        byte[] copy = KeyBytes.requireLength(bytes, WHAT);
        if (KeyBytes.isZero(copy)) {
            throw new IllegalArgumentException(WHAT + ": all zeros (that means 'no preshared key')");
        }
        return new PresharedKey(copy);
    }

    /** From the UAPI's hex; all zeros (WireGuard's "none") gives null. */
    public static PresharedKey ofHexOrNull(String hex) {
        byte[] bytes = KeyBytes.decodeHex(hex, WHAT);
        return KeyBytes.isZero(bytes) ? null : new PresharedKey(bytes);
    }

    /** From the kernel's 32 bytes; all zeros gives null. */
    public static PresharedKey ofBytesOrNull(byte[] bytes) {
        byte[] copy = KeyBytes.requireLength(bytes, WHAT);
        return KeyBytes.isZero(copy) ? null : new PresharedKey(copy);
    }
}
