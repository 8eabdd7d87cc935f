package zos.networkd.api.identity;

import java.net.URI;
import java.util.Map;

/**
 * The node's identity. Its keys are made at first start and kept in the node's data directory, so
 * the id stays the same across restarts, bundle updates and re-installs. The private keys never
 * leave the implementation.
 */
public interface NodeIdentity {

    /** The node id: base58 of the ed25519 public key. Printable and stable. */
    String nodeId();

    /** The raw 32-byte ed25519 public key. */
    byte[] publicKey();

    /** The raw 32-byte X25519 public key that users seal secrets to. */
    byte[] agreementPublicKey();

    /**
     * The node's ed25519 signature of its agreement key statement (binding the X25519 key to the
     * node id), published with the key so that users can check it before sealing to it.
     */
    byte[] agreementKeySignature();

    /**
     * Signs an outgoing request (HTTP Message Signatures, RFC 9421, ed25519, over method, path,
     * query, {@code Content-Digest} and the creation time, now).
     *
     * @param target the full URI the request goes to
     * @param body the exact bytes of the body (empty for none)
     * @return the headers to add: {@code Content-Digest}, {@code Signature-Input}, {@code Signature}
     */
    Map<String, String> signRequest(String method, URI target, byte[] body);

    /**
     * Opens a secret sealed to this node (HPKE, RFC 9180: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
     * ChaCha20-Poly1305, with this node's id as context). The caller should overwrite the returned
     * bytes once used.
     *
     * @throws IllegalArgumentException when it was not sealed to this node or was altered
     */
    byte[] openSealed(byte[] enc, byte[] ciphertext, byte[] aad);
}
