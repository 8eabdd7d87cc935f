package zos.networkd.api.wireguard;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Shared handling of the 32-byte Curve25519 keys WireGuard uses: base64 as {@code wg} prints them, hex for its UAPI. */
final class KeyBytes {
    static final int LENGTH = 32;
    /** Base64 of 32 bytes: 43 characters and one '='. */
    static final int BASE64_LENGTH = 44;

    private KeyBytes() {
    }

    /**
     * Decodes a base64 key. The message names {@code what} and the reason, never the text itself:
     * a mistyped private key must not end up in a log.
     */
    static byte[] decodeBase64(String text, String what, boolean secret) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + ": empty");
        }
        String trimmed = text.strip();
        if (trimmed.length() != BASE64_LENGTH || !trimmed.endsWith("=")) {
            throw new IllegalArgumentException(what + ": not a WireGuard key (" + trimmed.length()
                    + " characters, expected 44 of base64 ending in '=')" + (secret ? "" : ": '" + trimmed + "'"));
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(trimmed);
            if (bytes.length != LENGTH) {
                throw new IllegalArgumentException(what + ": decodes to " + bytes.length + " bytes, expected 32");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(what)) {
                throw e;
            }
            throw new IllegalArgumentException(what + ": not valid base64" + (secret ? "" : ": '" + trimmed + "'"));
        }
    }

    static byte[] decodeHex(String text, String what) {
        if (text == null || text.length() != 2 * LENGTH) {
            throw new IllegalArgumentException(what + ": expected 64 hex digits");
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not hex");
        }
    }

    static byte[] requireLength(byte[] bytes, String what) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException(what + ": " + (bytes == null ? "null" : bytes.length + " bytes")
                    + ", expected 32");
        }
        return bytes.clone();
    }

    static boolean isZero(byte[] bytes) {
        int or = 0;
        for (byte b : bytes) {
            or |= b;
        }
        return or == 0;
    }

    /** Constant time, so that comparing secrets leaks nothing through timing. */
    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    static int hash(byte[] bytes) {
        return Arrays.hashCode(bytes);
    }
}
