package zos.grid.api.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HttpSignaturesTest {
    private static final Duration AGE = Duration.ofSeconds(300);
    private static final Duration FUTURE = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    private static final byte[] BODY = "{\"name\":\"farm one\"}".getBytes(StandardCharsets.UTF_8);

    /** RFC 9421 Appendix B.2.6: signing a request with ed25519 (key test-key-ed25519 of B.1.4). */
    @Test
    void rfc9421Ed25519Example() throws Exception {
        byte[] seed = Arrays.copyOfRange(Base64.getDecoder().decode(
                "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF"), 16, 48);
        byte[] publicKey = Arrays.copyOfRange(Base64.getDecoder().decode(
                "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs="), 12, 44);
        SigningKey key = SigningKey.fromSeed(seed);
        assertArrayEquals(publicKey, key.id().publicKey(), "the RFC's private key gives the RFC's public key");

        Map<String, String> headers = new HashMap<>();
        headers.put("date", "Tue, 20 Apr 2021 02:07:55 GMT");
        headers.put("content-type", "application/json");
        headers.put("content-length", "18");
        TestRequest request = new TestRequest("POST", "/foo", "param=Value&Pet=dog", "example.com", headers);
        String input = "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\")"
                + ";created=1618884473;keyid=\"test-key-ed25519\"";
        var member = StructuredFields.parseDictionary(input).get("sig-b26");
        List<String> components = member.items().stream().map(String.class::cast).toList();
        byte[] base = HttpSignatures.signatureBase(request, components,
                StructuredFields.serializeInnerList(member.items(), member.parameters()));
        String expectedBase = "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
                + "\"@method\": POST\n"
                + "\"@path\": /foo\n"
                + "\"@authority\": example.com\n"
                + "\"content-type\": application/json\n"
                + "\"content-length\": 18\n"
                + "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\")"
                + ";created=1618884473;keyid=\"test-key-ed25519\"";
        assertEquals(expectedBase, new String(base, StandardCharsets.UTF_8));
        byte[] expected = Base64.getDecoder().decode(
                "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==");
        assertArrayEquals(expected, key.sign(base), "ed25519 is deterministic: the RFC's signature");
        assertTrue(key.id().verifies(base, expected));
    }

    @Test
    void signedRequestVerifies() throws Exception {
        SigningKey key = SigningKey.generate();
        TestRequest request = signed(key, "POST", "http://registry:8181/grid/farms?x=1", BODY, NOW);
        VerifiedSignature verified = HttpSignatures.verify(request, BODY, NOW, AGE, FUTURE);
        assertEquals(key.id(), verified.signer());
        assertEquals(NOW, verified.created());
        assertTrue(request.header("signature-input").contains("\"@method\" \"@path\" \"@query\" \"content-digest\""));
        assertTrue(request.header("signature-input").contains("alg=\"ed25519\""));
        assertTrue(request.header("content-digest").startsWith("sha-256=:"));
    }

    @Test
    void twoEqualRequestsHaveDifferentSignatures() {
        SigningKey key = SigningKey.generate();
        TestRequest a = signed(key, "POST", "http://r/grid/farms", BODY, NOW);
        TestRequest b = signed(key, "POST", "http://r/grid/farms", BODY, NOW);
        assertFalse(a.header("signature").equals(b.header("signature")), "a nonce makes each signature unique");
    }

    @Test
    void everyCoveredPartIsProtected() {
        SigningKey key = SigningKey.generate();
        TestRequest good = signed(key, "POST", "http://r/grid/nodes/a/interfaces?x=1", BODY, NOW);
        assertRejected(good.with("PUT", good.path, good.query), BODY, "does not verify");
        assertRejected(good.with("POST", "/grid/nodes/b/interfaces", good.query), BODY, "does not verify");
        assertRejected(good.with("POST", good.path, "x=2"), BODY, "does not verify");
        assertRejected(good.with("POST", good.path, null), BODY, "does not verify");
        assertRejected(good, "{\"name\":\"farm two\"}".getBytes(StandardCharsets.UTF_8), "does not match the body");
        TestRequest forgedDigest = good.withHeader("content-digest", ContentDigest.of("other".getBytes(StandardCharsets.UTF_8)));
        assertRejected(forgedDigest, "other".getBytes(StandardCharsets.UTF_8), "does not verify");
    }

    @Test
    void anotherKeyCannotClaimTheId() {
        SigningKey victim = SigningKey.generate();
        SigningKey attacker = SigningKey.generate();
        TestRequest request = signed(attacker, "POST", "http://r/grid/farms", BODY, NOW);
        String forged = request.header("signature-input").replace(attacker.id().text(), victim.id().text());
        assertRejected(request.withHeader("signature-input", forged), BODY, "does not verify with the key " + victim.id());
    }

    @Test
    void creationTimeOutsideTheWindowIsRejected() {
        SigningKey key = SigningKey.generate();
        assertRejected(signed(key, "POST", "http://r/x", BODY, NOW.minusSeconds(301)), BODY, "older than the 300 s window");
        assertRejected(signed(key, "POST", "http://r/x", BODY, NOW.plusSeconds(31)), BODY, "in the future");
        assertDoesNotThrow(signed(key, "POST", "http://r/x", BODY, NOW.minusSeconds(299)));
        assertDoesNotThrow(signed(key, "POST", "http://r/x", BODY, NOW.plusSeconds(29)));
    }

    @Test
    void missingOrMalformedHeadersAreRejected() {
        SigningKey key = SigningKey.generate();
        TestRequest good = signed(key, "POST", "http://r/x", BODY, NOW);
        assertRejected(good.withHeader("signature", null), BODY, "not signed");
        assertRejected(good.withHeader("signature-input", "sig1=(\"@method\")"), BODY, "must cover");
        assertRejected(good.withHeader("signature-input", "sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");keyid=\""
                + key.id() + "\""), BODY, "no created");
        assertRejected(good.withHeader("signature-input", good.header("signature-input").replace("ed25519", "rsa-pss-sha512")),
                BODY, "not supported");
        assertRejected(good.withHeader("signature", "sig1=:" + "A".repeat(86) + "==:"), BODY, "does not verify");
        assertRejected(good.withHeader("signature", "sig1=\"x"), BODY, "malformed");
        assertRejected(good.withHeader("signature", "other=:AAAA:"), BODY, "share no label");
        assertRejected(good.withHeader("content-digest", null), BODY, "missing Content-Digest");
    }

    private static void assertDoesNotThrow(TestRequest request) {
        try {
            HttpSignatures.verify(request, BODY, NOW, AGE, FUTURE);
        } catch (SignatureException e) {
            throw new AssertionError("rejected: " + e.getMessage(), e);
        }
    }

    private static void assertRejected(TestRequest request, byte[] body, String reason) {
        SignatureException e = assertThrows(SignatureException.class, () -> HttpSignatures.verify(request, body, NOW, AGE, FUTURE));
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
    }

    static TestRequest signed(SigningKey key, String method, String uri, byte[] body, Instant created) {
        URI target = URI.create(uri);
        Map<String, String> headers = new HashMap<>();
        HttpSignatures.sign(key, method, target, body, created).forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        return new TestRequest(method, target.getRawPath(), target.getRawQuery(), target.getRawAuthority(), headers);
    }

    record TestRequest(String method, String path, String query, String authority, Map<String, String> headers)
            implements SignableRequest {
        @Override
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        TestRequest with(String newMethod, String newPath, String newQuery) {
            return new TestRequest(newMethod, newPath, newQuery, authority, headers);
        }

        TestRequest withHeader(String name, String value) {
            Map<String, String> copy = new HashMap<>(headers);
            if (value == null) {
                copy.remove(name);
            } else {
                copy.put(name, value);
            }
            return new TestRequest(method, path, query, authority, copy);
        }
    }
}
