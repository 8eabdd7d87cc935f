package zos.networkd.identity.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import zos.grid.api.crypto.HttpSignatures;
import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SealedSecret;
import zos.grid.api.crypto.SealedSecrets;
import zos.grid.api.crypto.SignableRequest;
import zos.grid.api.crypto.SignatureException;
import zos.grid.api.crypto.VerifiedSignature;
import zos.grid.api.model.AgreementKey;
import zos.networkd.api.files.AtomicFiles;

class NodeIdentityComponentTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    Path temp;

    @Test
    void firstStartMakesKeysOwnerOnlyAndLaterStartsReadThem() throws IOException {
        Path directory = temp.resolve("data/zos/identity");
        NodeIdentityComponent first = start(directory);
        String id = first.nodeId();
        assertEquals(id, KeyId.of(first.publicKey()).text(), "node id = base58 of the ed25519 public key");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
        for (String file : new String[] {IdentityKeys.IDENTITY_FILE, IdentityKeys.AGREEMENT_FILE}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(file))), file);
        }
        try (var files = Files.list(directory)) {
            assertEquals(2, files.count(), "no temporary file left");
        }
        byte[] identityBytes = Files.readAllBytes(directory.resolve(IdentityKeys.IDENTITY_FILE));

        // a restart, a bundle update and a re-install all come back here: a new component on the same directory
        NodeIdentityComponent again = start(directory);
        assertEquals(id, again.nodeId());
        assertArrayEquals(first.agreementPublicKey(), again.agreementPublicKey());
        assertArrayEquals(identityBytes, Files.readAllBytes(directory.resolve(IdentityKeys.IDENTITY_FILE)), "key file untouched");

        NodeIdentityComponent other = start(temp.resolve("other"));
        assertNotEquals(id, other.nodeId(), "another directory, another node");
    }

    @Test
    void defaultDirectoryIsUnderKarafData() {
        String old = System.getProperty("karaf.data");
        System.setProperty("karaf.data", temp.toString());
        try {
            assertEquals(temp.resolve("zos/identity").toAbsolutePath(), AtomicFiles.stateDirectory("", "identity", "identity directory"));
            assertEquals(Path.of("/var/lib/zos/id"), AtomicFiles.stateDirectory(" /var/lib/zos/id ", "identity", "identity directory"));
        } finally {
            if (old == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", old);
            }
        }
    }

    @Test
    void looseModesAreTightened() throws IOException {
        Path directory = temp.resolve("id");
        start(directory);
        Path key = directory.resolve(IdentityKeys.IDENTITY_FILE);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        start(directory);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
    }

    @Test
    void aDamagedKeyFailsLoudlyAndIsNeverReplaced() throws IOException {
        Path directory = temp.resolve("id");
        start(directory);
        Path key = directory.resolve(IdentityKeys.IDENTITY_FILE);
        Files.writeString(key, "# damaged\nAAAA\n");
        IOException e = assertThrows(IOException.class, () -> start(directory));
        assertTrue(e.getMessage().contains(key.toString()) && e.getMessage().contains("damaged"), e.getMessage());
        assertEquals("# damaged\nAAAA\n", Files.readString(key), "left as it was");
    }

    @Test
    void signedRequestsVerifyAsTheNode() throws Exception {
        NodeIdentityComponent identity = start(temp.resolve("id"));
        byte[] body = "[{\"name\":\"eth0\"}]".getBytes(StandardCharsets.UTF_8);
        URI target = URI.create("http://198.51.100.1:8181/grid/nodes/" + identity.nodeId() + "/interfaces");
        Map<String, String> headers = identity.signRequest("POST", target, body);
        SignableRequest request = SignableRequest.of("POST", target, headers);
        VerifiedSignature verified = HttpSignatures.verify(request, body, NOW, Duration.ofMinutes(5), Duration.ofSeconds(30));
        assertEquals(identity.nodeId(), verified.signer().text());
        assertThrows(SignatureException.class, () -> HttpSignatures.verify(request, "[]".getBytes(StandardCharsets.UTF_8), NOW,
                Duration.ofMinutes(5), Duration.ofSeconds(30)));
    }

    @Test
    void agreementKeyIsVouchedForByTheIdentity() throws IOException {
        NodeIdentityComponent identity = start(temp.resolve("id"));
        AgreementKey published = new AgreementKey(identity.agreementPublicKey(), identity.agreementKeySignature());
        assertTrue(published.isSignedBy(KeyId.parse(identity.nodeId())));
        assertFalse(published.isSignedBy(KeyId.of(start(temp.resolve("other")).publicKey())));
    }

    @Test
    void opensWhatAnIndependentHpkeImplementationSealed() throws Exception {
        NodeIdentityComponent node = start(temp.resolve("id"));
        byte[] wireGuardKey = new byte[32];
        new java.security.SecureRandom().nextBytes(wireGuardKey);
        byte[] aad = "net1".getBytes(StandardCharsets.UTF_8);
        JdkHpke.Sealed sealed = JdkHpke.seal(node.agreementPublicKey(),
                SealedSecrets.infoFor(KeyId.parse(node.nodeId())), aad, wireGuardKey);
        assertArrayEquals(wireGuardKey, node.openSealed(sealed.enc(), sealed.ciphertext(), aad));

        // and what our own (Bouncy Castle) sealer made, as a user-side tool would
        SealedSecret ours = SealedSecrets.sealTo(KeyId.parse(node.nodeId()), node.agreementPublicKey(), aad, wireGuardKey);
        assertArrayEquals(wireGuardKey, node.openSealed(ours.enc(), ours.ciphertext(), aad));

        NodeIdentityComponent otherNode = start(temp.resolve("other"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> otherNode.openSealed(sealed.enc(), sealed.ciphertext(), aad));
        assertFalse(e.getMessage().contains(java.util.Base64.getEncoder().encodeToString(wireGuardKey)));
        assertThrows(IllegalArgumentException.class, () -> node.openSealed(new byte[3], sealed.ciphertext(), aad));
    }

    @Test
    void privateKeysAppearNowhereButTheirFiles() throws IOException {
        Path directory = temp.resolve("id");
        NodeIdentityComponent identity = start(directory);
        String secretLine = Files.readAllLines(directory.resolve(IdentityKeys.IDENTITY_FILE)).get(1);
        assertFalse(identity.toString().contains(secretLine));
        assertTrue(identity.toString().contains(identity.nodeId()));
    }

    private static NodeIdentityComponent start(Path directory) throws IOException {
        NodeIdentityComponent component = new NodeIdentityComponent(Clock.fixed(NOW, ZoneOffset.UTC));
        component.activate(config(directory.toString()));
        return component;
    }

    private static NodeIdentityComponent.Config config(String directory) {
        return new NodeIdentityComponent.Config() {
            @Override
            public String directory() {
                return directory;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return NodeIdentityComponent.Config.class;
            }
        };
    }
}
