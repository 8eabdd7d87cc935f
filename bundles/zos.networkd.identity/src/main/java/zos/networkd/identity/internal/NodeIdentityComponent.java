package zos.networkd.identity.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.grid.api.crypto.HttpSignatures;
import zos.grid.api.crypto.SealedSecret;
import zos.grid.api.crypto.SealedSecrets;
import zos.networkd.api.files.AtomicFiles;
import zos.networkd.api.identity.NodeIdentity;

/**
 * The node's identity as a service. The keys live in files of the node's data directory (not the
 * bundle's data area, which an uninstall deletes), so the node id survives restarts, bundle
 * updates and re-installs. A change of directory takes a new component (and reads or makes keys there).
 */
@Component(name = "zos.networkd.identity", service = NodeIdentity.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NodeIdentityComponent.Config.class)
public class NodeIdentityComponent implements NodeIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(NodeIdentityComponent.class);

    @ObjectClassDefinition(id = "zos.networkd.identity", name = "zos networkd: node identity",
            description = "Where the node keeps its identity keys.")
    public @interface Config {
        @AttributeDefinition(name = "Directory", description = "Directory of identity.key (ed25519) and agreement.key "
                + "(X25519), mode 0700, files 0600. Empty: <karaf.data>/zos/identity. Must outlive the bundle: never its data area.")
        String directory() default "";
    }

    private final Clock clock;
    private IdentityKeys keys;
    private Path directory;

    public NodeIdentityComponent() {
        this(Clock.systemUTC());
    }

    NodeIdentityComponent(Clock clock) {
        this.clock = clock;
    }

    @Activate
    void activate(Config config) throws IOException {
        directory = AtomicFiles.stateDirectory(config.directory(), "identity", "identity directory (zos.networkd.identity directory)");
        IdentityKeys.Loaded loaded = IdentityKeys.loadOrCreate(directory);
        keys = loaded.keys();
        if (loaded.identityOrigin() == IdentityKeys.Origin.CREATED) {
            LOG.info("New node identity {} made in {}", nodeId(), directory);
        } else {
            LOG.info("Node identity {} read from {}", nodeId(), directory);
        }
    }


    Path directory() {
        return directory;
    }

    @Override
    public String nodeId() {
        return keys.identity().id().text();
    }

    @Override
    public byte[] publicKey() {
        return keys.identity().id().publicKey();
    }

    @Override
    public byte[] agreementPublicKey() {
        return keys.agreement().publicKey();
    }

    @Override
    public byte[] agreementKeySignature() {
        return keys.signedAgreementKey().signature();
    }

    @Override
    public Map<String, String> signRequest(String method, URI target, byte[] body) {
        return HttpSignatures.sign(keys.identity(), method, target, body == null ? new byte[0] : body, clock.instant());
    }

    @Override
    public byte[] openSealed(byte[] enc, byte[] ciphertext, byte[] aad) {
        SealedSecret sealed;
        try {
            sealed = new SealedSecret(enc, ciphertext);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed secret is malformed: " + e.getMessage());
        }
        return keys.agreement().open(sealed, SealedSecrets.infoFor(keys.identity().id()), aad == null ? new byte[0] : aad);
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + (keys == null ? "inactive" : nodeId()) + "]";
    }
}
