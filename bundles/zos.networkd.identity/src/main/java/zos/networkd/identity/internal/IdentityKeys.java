package zos.networkd.identity.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import zos.grid.api.crypto.AgreementKeyPair;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.model.AgreementKey;

/**
 * The node's two key pairs, read from their directory or made there at first start:
 * {@code identity.key} (ed25519 private key) and {@code agreement.key} (X25519 private key).
 */
record IdentityKeys(SigningKey identity, AgreementKeyPair agreement, AgreementKey signedAgreementKey) {
    static final String IDENTITY_FILE = "identity.key";
    static final String AGREEMENT_FILE = "agreement.key";

    /** Whether the keys were just made (first start) or read. */
    enum Origin { CREATED, LOADED }

    record Loaded(IdentityKeys keys, Origin identityOrigin) {
    }

    static Loaded loadOrCreate(Path directory) throws IOException {
        SecretFiles.prepareDirectory(directory);
        Path identityFile = directory.resolve(IDENTITY_FILE);
        Path agreementFile = directory.resolve(AGREEMENT_FILE);

        Origin origin = Origin.LOADED;
        byte[] seed = SecretFiles.read(identityFile, SigningKey.SEED_LENGTH, "node identity key");
        if (seed == null) {
            seed = SigningKey.generate().seed();
            SecretFiles.create(identityFile, seed, "zos node identity: ed25519 private key (RFC 8032 seed), base64. Secret.");
            origin = Origin.CREATED;
        }
        SigningKey identity = SigningKey.fromSeed(seed);
        Arrays.fill(seed, (byte) 0);

        byte[] agreementSecret = SecretFiles.read(agreementFile, AgreementKeyPair.KEY_LENGTH, "node agreement key");
        if (agreementSecret == null) {
            agreementSecret = AgreementKeyPair.generate().privateKey();
            SecretFiles.create(agreementFile, agreementSecret, "zos node key agreement: X25519 private key, base64. Secret.");
        }
        AgreementKeyPair agreement = AgreementKeyPair.fromPrivateKey(agreementSecret);
        Arrays.fill(agreementSecret, (byte) 0);

        IdentityKeys keys = new IdentityKeys(identity, agreement, AgreementKey.signedBy(identity, agreement.publicKey()));
        return new Loaded(keys, origin);
    }

    @Override
    public String toString() {
        return "IdentityKeys[" + identity.id() + "]";
    }
}
