package zos.networkd.provision.internal;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.grid.api.client.WorkloadHandler;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.boot.Connectivity;
import zos.networkd.api.boot.ConnectivityStatus;
import zos.networkd.api.files.AtomicFiles;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.identity.NodeIdentity;
import zos.networkd.api.mesh.NetworkResourceManager;
import zos.networkd.api.mesh.SealedKeys;
import zos.networkd.api.nics.Nic;
import zos.networkd.api.nics.NicInventory;
import zos.networkd.api.provision.ProvisionEntry;
import zos.networkd.api.provision.ProvisionLog;
import zos.networkd.api.provision.ProvisionedNetwork;

/**
 * Provisioning as an OSGi component: the registry client's {@link WorkloadHandler} (whiteboard) and
 * the {@link ProvisionLog} the shell shows. The node's addresses for the endpoints it reports come
 * from boot's {@link Connectivity} (the {@code zos} bridge), else from the NIC inventory.
 */
@Component(name = "zos.networkd.provision", service = {WorkloadHandler.class, ProvisionLog.class},
        immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ProvisionComponent.Config.class)
public class ProvisionComponent implements WorkloadHandler, ProvisionLog {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionComponent.class);

    @ObjectClassDefinition(id = "zos.networkd.provision", name = "zos networkd: provisioning",
            description = "Turns the registry's workloads into network resources and keeps who owns each network.")
    public @interface Config {
        @AttributeDefinition(name = "State directory", description = "Per network its owner, the last version applied, "
                + "the workload's cursor and result; the recent workloads. Empty: <karaf.data>/zos/provision "
                + "(outlives the bundle, unlike its data area).")
        String stateDirectory() default "";

        @AttributeDefinition(name = "Log size", description = "How many recent workloads zos:workloads shows.", min = "1")
        int logSize() default 200;
    }

    @Reference
    private NetworkResourceManager mesh;

    @Reference
    private NodeIdentity identity;

    /** The node's opener of sealed keys (this bundle's GridSealedKeys), the one the mesh uses too. */
    @Reference
    private SealedKeys sealedKeys;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Connectivity connectivity;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NicInventory nics;

    private ProvisionRecords records;
    private Provisioner provisioner;

    @Activate
    void activate(Config config) {
        Path directory = AtomicFiles.stateDirectory(config.stateDirectory(), "provision", "stateDirectory");
        records = new ProvisionRecords(directory, config.logSize());
        provisioner = new Provisioner(mesh, records, identity.nodeId(), sealedKeys, this::addresses,
                Clock.systemUTC());
        LOG.info("Provisioning for node {}, records in {} ({} network(s))", identity.nodeId(), directory,
                records.networks().size());
    }


    @Override
    public WorkloadResult handle(WorkloadEntry entry) {
        return provisioner.handle(entry);
    }

    @Override
    public List<ProvisionEntry> recent() {
        return records.recent();
    }

    @Override
    public List<ProvisionedNetwork> networks() {
        return records.networks().stream().map(NetworkRecord::view).toList();
    }

    /** The uplink's addresses (boot's lease and IPv6), else every NIC's, those with a default route first. */
    private NodeEndpoints.Addresses addresses() {
        List<InetAddress> found = new ArrayList<>();
        Connectivity boot = connectivity;
        if (boot != null) {
            ConnectivityStatus status = boot.status();
            if (status.lease() != null) {
                found.add(status.lease().address().address());
            }
            status.ipv6().stream().map(Cidr::address).forEach(found::add);
        }
        NicInventory inventory = nics;
        if (found.isEmpty() && inventory != null) {
            inventory.nics().stream()
                    .sorted(Comparator.comparing((Nic n) -> n.gateway4() == null && n.gateway6() == null))
                    .flatMap(n -> n.addresses().stream()).map(Cidr::address).forEach(found::add);
        }
        return new NodeEndpoints.Addresses(found);
    }
}
