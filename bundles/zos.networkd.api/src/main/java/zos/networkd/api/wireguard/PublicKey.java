package zos.networkd.api.wireguard;

import java.util.Base64;
import java.util.HexFormat;

/**
 * A WireGuard public key: 32 bytes of Curve25519, shown as base64 as {@code wg} prints it
 * ({@code xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=}).
 *
 * @param base64 the key in base64, validated and normalized (no surrounding blanks)
 */
public record PublicKey(String base64) implements Comparable<PublicKey> {

    public PublicKey {
        base64 = Base64.getEncoder().encodeToString(KeyBytes.decodeBase64(base64, "WireGuard public key", false));
    }

    public static PublicKey parse(String base64) {
        return new PublicKey(base64);
    }

    public static PublicKey of(byte[] bytes) {
        return new PublicKey(Base64.getEncoder().encodeToString(KeyBytes.requireLength(bytes, "WireGuard public key")));
    }

    /** From the 64 hex digits of the UAPI protocol. */
    public static PublicKey ofHex(String hex) {
        return of(KeyBytes.decodeHex(hex, "WireGuard public key"));
    }

    public byte[] bytes() {
        return Base64.getDecoder().decode(base64);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes());
    }

    /** The first characters, enough to tell keys apart in a table. */
    public String abbreviated() {
        return base64.substring(0, 8) + "…";
    }

    @Override
    public int compareTo(PublicKey other) {
        return base64.compareTo(other.base64);
    }

    @Override
    public String toString() {
        return base64;
    }
}
