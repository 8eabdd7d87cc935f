package zos.grid.api.model;

import zos.grid.api.crypto.KeyId;

/**
 * What a node sends to register (signed with its own key, whose id is {@code id}); registering
 * again with the same values changes nothing, with new ones updates the node.
 */
public record NodeRegistration(KeyId id, long farmId, String hostname, String version, AgreementKey agreementKey) {
    public NodeRegistration {
        Check.present("id", id);
        Check.positive("farm_id", farmId);
        Check.hostname("hostname", hostname);
        Check.printable("version", version, 64);
        Check.present("agreement_key", agreementKey);
        if (!agreementKey.isSignedBy(id)) {
            throw new ValidationException("agreement_key.signature", "not signed by the node's key " + id);
        }
    }
}
