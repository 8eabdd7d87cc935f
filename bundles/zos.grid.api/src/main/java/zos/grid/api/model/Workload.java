package zos.grid.api.model;

import java.util.Arrays;
import java.util.Base64;

import zos.grid.api.crypto.KeyId;

/**
 * A user's signed request to one node: deploy or delete a network resource. {@code signature} is
 * the user's ed25519 signature of the workload's canonical JSON without it
 * ({@code GridJson.workloadSigningBytes}), so the node can tell the user asked for it, whoever
 * passed it on.
 */
public record Workload(KeyId user, KeyId node, Operation operation, NetworkResource resource, byte[] signature) {
    public Workload {
        Check.present("user", user);
        Check.present("node", node);
        Check.present("operation", operation);
        Check.present("resource", resource);
        Check.present("signature", signature);
        if (signature.length != KeyId.SIGNATURE_LENGTH) {
            throw new ValidationException("signature", "an ed25519 signature is 64 bytes, this is " + signature.length);
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Workload o && user.equals(o.user) && node.equals(o.node) && operation == o.operation
                && resource.equals(o.resource) && Arrays.equals(signature, o.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Workload[" + operation.wireName() + " " + resource.netId() + " on " + node + " by " + user + ", signature "
                + Base64.getEncoder().encodeToString(signature).substring(0, 8) + "…]";
    }
}
