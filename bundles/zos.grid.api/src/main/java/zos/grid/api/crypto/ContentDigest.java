package zos.grid.api.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/** The {@code Content-Digest} header of RFC 9530 with sha-256: {@code sha-256=:<base64>:}. */
public final class ContentDigest {
    public static final String HEADER = "Content-Digest";
    private static final String ALGORITHM = "sha-256";

    private ContentDigest() {
    }

    public static String of(byte[] body) {
        return ALGORITHM + "=" + StructuredFields.serializeBareItem(sha256(body));
    }

    /**
     * Checks a received header against the body.
     *
     * @throws SignatureException when it is missing, malformed, has no sha-256 member, or does not match
     */
    public static void check(String header, byte[] body) throws SignatureException {
        if (header == null) {
            throw new SignatureException("missing " + HEADER + " header");
        }
        Map<String, StructuredFields.Member> members;
        try {
            members = StructuredFields.parseDictionary(header);
        } catch (IllegalArgumentException e) {
            throw new SignatureException(HEADER + " header is malformed: " + e.getMessage());
        }
        StructuredFields.Member member = members.get(ALGORITHM);
        if (member == null || !(member.value() instanceof byte[] claimed)) {
            throw new SignatureException(HEADER + " header has no sha-256 digest");
        }
        if (!MessageDigest.isEqual(claimed, sha256(body))) {
            throw new SignatureException(HEADER + " does not match the body");
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
