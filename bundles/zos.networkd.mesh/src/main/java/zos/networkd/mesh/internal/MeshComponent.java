package zos.networkd.mesh.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.mesh.ApplyResult;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.NetworkResourceManager;
import zos.networkd.api.mesh.NrLayout;
import zos.networkd.api.mesh.NrStatus;
import zos.networkd.api.mesh.SealedKeys;
import zos.networkd.api.mesh.Workload;
import zos.networkd.api.nftables.NftablesService;
import zos.networkd.api.ports.PortLeases;
import zos.networkd.api.wireguard.WireguardService;

/**
 * The network resource manager as an OSGi service. Activation reconciles every recorded resource
 * before the service takes work; deactivation (a bundle update) leaves them all running.
 */
@Component(name = "zos.networkd.mesh", service = NetworkResourceManager.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MeshComponent.Config.class)
public class MeshComponent implements NetworkResourceManager {
    private static final Logger LOG = LoggerFactory.getLogger(MeshComponent.class);

    @ObjectClassDefinition(id = "zos.networkd.mesh", name = "zos networkd: network resources",
            description = "User networks on the node: a namespace each, WireGuard to their other nodes, NAT and isolation.")
    public @interface Config {
        @AttributeDefinition(name = "Node namespace", description = "The named namespace of the node's uplink (where "
                + "workload bridges and WireGuard sockets go); empty for the namespace Karaf runs in.")
        String nodeNamespace() default "";

        @AttributeDefinition(name = "Uplink", description = "The node's uplink interface: network resources are "
                + "masqueraded out of it, and its networks (the farm's LAN) are out of their reach.")
        String uplinkInterface() default "zos";

        @AttributeDefinition(name = "Namespace prefix", description = "Put before the names of the resources' "
                + "namespaces (a lab uses its own).")
        String namespacePrefix() default "";

        @AttributeDefinition(name = "Node id", description = "Makes this node's interface and namespace names differ "
                + "from other nodes' on the same machine; empty: derived from /etc/machine-id and the state directory.")
        String nodeId() default "";

        @AttributeDefinition(name = "State directory", description = "Where the resources' records (with their private "
                + "keys, mode 0600) are kept; empty for the bundle's data area. Must survive reboots.")
        String stateDirectory() default "";

        @AttributeDefinition(name = "Uplink range", description = "Node-internal IPv4 range the resources' uplinks "
                + "take a /31 each from.")
        String uplinkRange() default "100.127.0.0/16";

        @AttributeDefinition(name = "Blocked networks", description = "Networks no resource may reach besides the "
                + "uplink's own (the rest of the farm's LAN), e.g. 10.0.0.0/8.")
        String[] blockedNetworks() default {};

        @AttributeDefinition(name = "WireGuard MTU", description = "MTU of the resources' WireGuard interfaces; 0 for "
                + "the default (1420).", min = "0")
        int mtu() default 0;
    }

    @Reference
    private HostNetworking host;

    @Reference
    private WireguardService wireguard;

    @Reference
    private PortLeases ports;

    @Reference
    private NftablesService nft;

    private volatile SealedKeys sealedKeys;
    private MeshManager manager;

    /**
     * A started manager outside OSGi (tests, benchmarks); stop it with {@link #deactivate()}, which
     * leaves the resources running.
     */
    public static MeshComponent standalone(HostNetworking host, WireguardService wireguard, PortLeases ports,
            NftablesService nft, String nodeNamespace, String uplink, String namespacePrefix, String nodeId,
            Path stateDirectory) {
        MeshComponent c = new MeshComponent();
        c.host = host;
        c.wireguard = wireguard;
        c.ports = ports;
        c.nft = nft;
        c.start(new MeshSettings(nodeNamespace, uplink, namespacePrefix, nodeId, stateDirectory,
                Cidr.parse("100.127.0.0/16"), List.of(), 0));
        return c;
    }

    @Activate
    void activate(BundleContext context, Config config) {
        Path state = config.stateDirectory().isBlank() ? context.getDataFile("resources").toPath()
                : Path.of(config.stateDirectory());
        String nodeKey = config.nodeId().isBlank() ? MeshSettings.defaultNodeKey(machineId(), state) : config.nodeId();
        List<Cidr> blocked = new ArrayList<>();
        for (String entry : config.blockedNetworks()) {
            for (String c : entry.split(",")) { // a .cfg file gives the list as one comma-separated string
                if (!c.isBlank()) {
                    blocked.add(Cidr.parse(c.strip()));
                }
            }
        }
        start(new MeshSettings(config.nodeNamespace(), config.uplinkInterface(), config.namespacePrefix(), nodeKey, state,
                Cidr.parse(config.uplinkRange()), blocked, config.mtu()));
        LOG.info("Network resources active: {} resource(s), node namespace {}, uplink {}, names from node key {}, "
                + "records in {}", manager.size(), config.nodeNamespace().isBlank() ? "(own)"
                : config.nodeNamespace(), config.uplinkInterface(), nodeKey, state);
    }

    private void start(MeshSettings settings) {
        manager = new MeshManager(host, wireguard, ports, nft, settings);
        manager.setSealedKeys(sealedKeys);
        manager.start();
    }

    private static String machineId() {
        try {
            return Files.readString(Path.of("/etc/machine-id")).strip();
        } catch (IOException e) {
            return "no-machine-id";
        }
    }

    @Deactivate
    public void deactivate() {
        manager.stop();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSealedKeys(SealedKeys keys) {
        sealedKeys = keys;
        if (manager != null) {
            manager.setSealedKeys(keys);
        }
    }

    void unbindSealedKeys(SealedKeys keys) {
        if (sealedKeys == keys) {
            sealedKeys = null;
            if (manager != null) {
                manager.setSealedKeys(null);
            }
        }
    }

    // ---- the service, by the manager ----

    @Override
    public ApplyResult apply(NetworkResource resource) {
        return manager.apply(resource);
    }

    @Override
    public boolean delete(String networkId) {
        return manager.delete(networkId);
    }

    @Override
    public List<NrStatus> list() {
        return manager.list();
    }

    @Override
    public Optional<NrStatus> status(String networkId) {
        return manager.status(networkId);
    }

    @Override
    public NrLayout layoutOf(String networkId) {
        return manager.layoutOf(networkId);
    }

    @Override
    public Workload join(String networkId, Workload.Request request) {
        return manager.join(networkId, request);
    }

    @Override
    public boolean leave(String networkId, String workloadId) {
        return manager.leave(networkId, workloadId);
    }

    /** For tests: the records' directory. */
    Path stateDirectory() {
        return manager.stateDirectory();
    }
}
