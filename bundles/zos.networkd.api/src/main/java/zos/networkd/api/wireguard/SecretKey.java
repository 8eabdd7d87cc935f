package zos.networkd.api.wireguard;

import java.util.Base64;
import java.util.HexFormat;

/**
 * 32 secret bytes that never show themselves: {@link #toString()} says {@code (hidden)} and the
 * bytes live in a transient field, so reflection-based JSON writers see nothing. The
 * {@code reveal…} methods are for the few places that must hand the key to WireGuard or to a 0600
 * file.
 */
abstract class SecretKey {
    private final transient byte[] key;

    SecretKey(byte[] key) {
        this.key = key;
    }

    /** The key as base64, for a 0600 file. Never log it. */
    public String revealBase64() {
        return Base64.getEncoder().encodeToString(key);
    }

    /** The key as the UAPI's hex. Never log it. */
    public String revealHex() {
        return HexFormat.of().formatHex(key);
    }

    /** A copy of the 32 bytes, for the kernel's netlink message. */
    public byte[] revealBytes() {
        return key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && KeyBytes.same(key, ((SecretKey) other).key);
    }

    @Override
    public int hashCode() {
        return KeyBytes.hash(key);
    }

    @Override
    public String toString() {
        return "(hidden)";
    }
}
