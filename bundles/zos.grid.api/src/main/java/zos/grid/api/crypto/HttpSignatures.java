package zos.grid.api.crypto;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP Message Signatures (RFC 9421) with ed25519, as the grid uses them: a request is signed over
 * {@code @method}, {@code @path}, {@code @query} and {@code content-digest} (RFC 9530, sha-256 of
 * the body, also for an empty one), with parameters {@code created}, {@code keyid} (the signer's
 * {@link KeyId}), {@code alg="ed25519"} and a random {@code nonce}, so that two equal requests
 * never carry equal signatures (ed25519 is deterministic) and a server can refuse a replay by its
 * signature.
 */
public final class HttpSignatures {
    public static final String SIGNATURE_INPUT = "Signature-Input";
    public static final String SIGNATURE = "Signature";
    public static final String LABEL = "sig1";
    public static final String ALGORITHM = "ed25519";
    /** What every grid request signature must cover. */
    public static final List<String> REQUIRED_COMPONENTS = List.of("@method", "@path", "@query", "content-digest");

    private static final SecureRandom RANDOM = new SecureRandom();

    private HttpSignatures() {
    }

    /**
     * The headers that sign a request: {@code Content-Digest}, {@code Signature-Input} and
     * {@code Signature}, to add to it as they are.
     *
     * @param target the full request URI (its raw path and query are signed as they are)
     */
    public static Map<String, String> sign(SigningKey key, String method, URI target, byte[] body, Instant created) {
        String digest = ContentDigest.of(body);
        SignableRequest request = SignableRequest.of(method, target, Map.of(ContentDigest.HEADER, digest));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("created", created.getEpochSecond());
        parameters.put("keyid", key.id().text());
        parameters.put("alg", ALGORITHM);
        parameters.put("nonce", nonce());
        List<Object> components = new ArrayList<>(REQUIRED_COMPONENTS);
        String signatureParams = StructuredFields.serializeInnerList(components, parameters);
        byte[] base = signatureBase(request, REQUIRED_COMPONENTS, signatureParams);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ContentDigest.HEADER, digest);
        headers.put(SIGNATURE_INPUT, LABEL + "=" + signatureParams);
        headers.put(SIGNATURE, LABEL + "=" + StructuredFields.serializeBareItem(key.sign(base)));
        return headers;
    }

    /**
     * Verifies a grid request signature: present, well-formed, covering {@link #REQUIRED_COMPONENTS},
     * created no longer than {@code maxAge} before {@code now} nor more than {@code maxFuture} after it,
     * its {@code Content-Digest} matching {@code body}, and made by the key its {@code keyid} names.
     * Replays are the caller's to refuse (by {@link VerifiedSignature#signature()}).
     *
     * @throws SignatureException saying what does not hold
     */
    public static VerifiedSignature verify(SignableRequest request, byte[] body, Instant now, Duration maxAge,
            Duration maxFuture) throws SignatureException {
        String inputHeader = request.header(SIGNATURE_INPUT);
        String signatureHeader = request.header(SIGNATURE);
        if (inputHeader == null || signatureHeader == null) {
            throw new SignatureException("request is not signed: " + SIGNATURE_INPUT + " and " + SIGNATURE
                    + " headers are required (RFC 9421, ed25519)");
        }
        Map<String, StructuredFields.Member> inputs = parse(SIGNATURE_INPUT, inputHeader);
        Map<String, StructuredFields.Member> signatures = parse(SIGNATURE, signatureHeader);
        String label = inputs.keySet().stream().filter(signatures::containsKey).findFirst()
                .orElseThrow(() -> new SignatureException(SIGNATURE_INPUT + " and " + SIGNATURE + " share no label"));
        StructuredFields.Member input = inputs.get(label);
        if (!input.isInnerList()) {
            throw new SignatureException(SIGNATURE_INPUT + " " + label + " is not a list of components");
        }
        if (!(signatures.get(label).value() instanceof byte[] signature)) {
            throw new SignatureException(SIGNATURE + " " + label + " is not a byte sequence");
        }
        List<String> components = new ArrayList<>();
        for (Object item : input.items()) {
            if (!(item instanceof String name)) {
                throw new SignatureException("covered component " + item + " is not a string");
            }
            components.add(name);
        }
        for (String required : REQUIRED_COMPONENTS) {
            if (!components.contains(required)) {
                throw new SignatureException("signature must cover " + REQUIRED_COMPONENTS + ", " + required + " is missing");
            }
        }
        Map<String, Object> parameters = input.parameters();
        Object alg = parameters.get("alg");
        if (alg != null && !ALGORITHM.equals(alg)) {
            throw new SignatureException("signature algorithm " + alg + " is not supported (only " + ALGORITHM + ")");
        }
        if (!(parameters.get("created") instanceof Long createdSeconds)) {
            throw new SignatureException("signature has no created parameter");
        }
        if (!(parameters.get("keyid") instanceof String keyText)) {
            throw new SignatureException("signature has no keyid parameter");
        }
        KeyId signer;
        try {
            signer = KeyId.parse(keyText);
        } catch (IllegalArgumentException e) {
            throw new SignatureException("keyid: " + e.getMessage());
        }
        Instant created = Instant.ofEpochSecond(createdSeconds);
        if (created.isBefore(now.minus(maxAge))) {
            throw new SignatureException("signature created " + Duration.between(created, now).toSeconds()
                    + " s ago, older than the " + maxAge.toSeconds() + " s window");
        }
        if (created.isAfter(now.plus(maxFuture))) {
            throw new SignatureException("signature created " + Duration.between(now, created).toSeconds()
                    + " s in the future (more than " + maxFuture.toSeconds() + " s ahead of the server's clock)");
        }
        if (parameters.get("expires") instanceof Long expires && Instant.ofEpochSecond(expires).isBefore(now)) {
            throw new SignatureException("signature expired");
        }
        ContentDigest.check(request.header(ContentDigest.HEADER), body);
        byte[] base;
        try {
            base = signatureBase(request, components, StructuredFields.serializeInnerList(input.items(), parameters));
        } catch (IllegalArgumentException e) {
            throw new SignatureException(e.getMessage());
        }
        if (!signer.verifies(base, signature)) {
            throw new SignatureException("signature does not verify with the key " + signer);
        }
        return new VerifiedSignature(signer, created, signature);
    }

    /**
     * The signature base (RFC 9421 §2.5): one line per covered component, then
     * {@code "@signature-params"}.
     */
    static byte[] signatureBase(SignableRequest request, List<String> components, String signatureParams) {
        StringBuilder base = new StringBuilder();
        for (String component : components) {
            String value = componentValue(request, component);
            if (value == null) {
                throw new IllegalArgumentException("covered component " + component + " is not in the request");
            }
            base.append('"').append(component).append("\": ").append(value).append('\n');
        }
        base.append("\"@signature-params\": ").append(signatureParams);
        return base.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String componentValue(SignableRequest request, String component) {
        return switch (component) {
            case "@method" -> request.method();
            case "@path" -> request.path().isEmpty() ? "/" : request.path();
            case "@query" -> "?" + (request.query() == null ? "" : request.query());
            case "@authority" -> request.authority();
            default -> {
                if (component.startsWith("@") || !component.equals(component.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("covered component " + component + " is not supported");
                }
                String value = request.header(component);
                yield value == null ? null : value.strip();
            }
        };
    }

    private static Map<String, StructuredFields.Member> parse(String header, String value) throws SignatureException {
        try {
            return StructuredFields.parseDictionary(value);
        } catch (IllegalArgumentException e) {
            throw new SignatureException(header + " header is malformed: " + e.getMessage());
        }
    }

    private static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
