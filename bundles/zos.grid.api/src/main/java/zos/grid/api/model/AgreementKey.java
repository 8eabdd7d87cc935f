package zos.grid.api.model;

import java.util.Arrays;
import java.util.Base64;

import zos.grid.api.crypto.AgreementKeyPair;
import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SealedSecrets;
import zos.grid.api.crypto.SigningKey;

/**
 * A node's X25519 public key for sealed secrets, with the node's ed25519 signature of
 * {@link SealedSecrets#agreementKeyStatement}: whoever knows the node id can check that the key is
 * the node's before sealing a secret to it.
 */
public record AgreementKey(byte[] publicKey, byte[] signature) {
    public AgreementKey {
        Check.present("public_key", publicKey);
        Check.present("signature", signature);
        if (publicKey.length != AgreementKeyPair.KEY_LENGTH) {
            throw new ValidationException("public_key", "an X25519 key is 32 bytes, this is " + publicKey.length);
        }
        if (signature.length != KeyId.SIGNATURE_LENGTH) {
            throw new ValidationException("signature", "an ed25519 signature is 64 bytes, this is " + signature.length);
        }
        publicKey = publicKey.clone();
        signature = signature.clone();
    }

    /** The node's statement for its key pair, signed with its identity key. */
    public static AgreementKey signedBy(SigningKey node, byte[] agreementPublicKey) {
        return new AgreementKey(agreementPublicKey, node.sign(SealedSecrets.agreementKeyStatement(node.id(), agreementPublicKey)));
    }

    /** Whether the node {@code node} signed this key. */
    public boolean isSignedBy(KeyId node) {
        return node.verifies(SealedSecrets.agreementKeyStatement(node, publicKey), signature);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AgreementKey o && Arrays.equals(publicKey, o.publicKey) && Arrays.equals(signature, o.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "AgreementKey[" + Base64.getEncoder().encodeToString(publicKey) + "]";
    }
}
