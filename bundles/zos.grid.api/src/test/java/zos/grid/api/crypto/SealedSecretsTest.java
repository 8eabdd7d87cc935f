package zos.grid.api.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SealedSecretsTest {
    private static final byte[] SECRET = "wireguard private key, 32 bytes!".getBytes(StandardCharsets.US_ASCII);

    @Test
    void opensOnlyWithTheRecipientsKeyAndContext() {
        KeyId node = SigningKey.generate().id();
        AgreementKeyPair recipient = AgreementKeyPair.generate();
        byte[] aad = "net1".getBytes(StandardCharsets.UTF_8);
        SealedSecret sealed = SealedSecrets.sealTo(node, recipient.publicKey(), aad, SECRET);
        assertArrayEquals(SECRET, recipient.open(sealed, SealedSecrets.infoFor(node), aad));

        assertThrows(IllegalArgumentException.class,
                () -> AgreementKeyPair.generate().open(sealed, SealedSecrets.infoFor(node), aad), "another node's key");
        assertThrows(IllegalArgumentException.class,
                () -> recipient.open(sealed, SealedSecrets.infoFor(SigningKey.generate().id()), aad), "sealed for another node id");
        assertThrows(IllegalArgumentException.class,
                () -> recipient.open(sealed, SealedSecrets.infoFor(node), "net2".getBytes(StandardCharsets.UTF_8)), "other aad");
        byte[] altered = sealed.ciphertext();
        altered[0] ^= 1;
        assertThrows(IllegalArgumentException.class,
                () -> recipient.open(new SealedSecret(sealed.enc(), altered), SealedSecrets.infoFor(node), aad));
    }

    @Test
    void agreementKeyPairSurvivesItsEncoding() {
        AgreementKeyPair original = AgreementKeyPair.generate();
        AgreementKeyPair restored = AgreementKeyPair.fromPrivateKey(original.privateKey());
        assertArrayEquals(original.publicKey(), restored.publicKey());
        KeyId node = SigningKey.generate().id();
        SealedSecret sealed = SealedSecrets.sealTo(node, original.publicKey(), new byte[0], SECRET);
        assertArrayEquals(SECRET, restored.open(sealed, SealedSecrets.infoFor(node), new byte[0]));
    }

    @Test
    void secretsAreNotPrinted() {
        SigningKey key = SigningKey.generate();
        AgreementKeyPair pair = AgreementKeyPair.generate();
        String seed = java.util.Base64.getEncoder().encodeToString(key.seed());
        String privateKey = java.util.Base64.getEncoder().encodeToString(pair.privateKey());
        assertFalse(key.toString().contains(seed));
        assertFalse(pair.toString().contains(privateKey));
        assertTrue(key.toString().contains(key.id().text()));
    }
}
