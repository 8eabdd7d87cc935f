package zos.grid.api.crypto;

import java.time.Instant;
import java.util.Arrays;

/**
 * A request signature that held: who signed ({@code keyid}), when ({@code created}), and the
 * signature's bytes, by which a server recognizes a replay.
 */
public record VerifiedSignature(KeyId signer, Instant created, byte[] signature) {
    public VerifiedSignature {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifiedSignature o && signer.equals(o.signer) && created.equals(o.created)
                && Arrays.equals(signature, o.signature);
    }

    @Override
    public int hashCode() {
        return signer.hashCode() * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "VerifiedSignature[" + signer + " at " + created + "]";
    }
}
