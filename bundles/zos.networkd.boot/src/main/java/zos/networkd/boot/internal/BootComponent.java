package zos.networkd.boot.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.networkd.api.boot.BootService;
import zos.networkd.api.boot.Connectivity;
import zos.networkd.api.boot.ConnectivityListener;
import zos.networkd.api.boot.ConnectivityStatus;
import zos.networkd.api.boot.NodeParameters;
import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.nics.Nic;
import zos.networkd.api.nics.NicInventory;

/**
 * Boot connectivity as OSGi services: {@link BootService} always; {@link Connectivity} from the
 * moment the node is first online, kept through passing losses (listeners hear of those).
 * Deactivation (a bundle update, a configuration change) leaves the bridge, its address and its
 * lease in place; the next activation adopts them.
 */
// Connectivity is registered by hand (once online), so DS cannot advertise it: say it here, or the
// feature resolver finds no provider for the components that require it
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"zos.networkd.api.boot.Connectivity\"",
        uses = Connectivity.class)
@Component(name = "zos.networkd.boot", service = BootService.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = BootComponent.Config.class)
public class BootComponent implements BootService {
    private static final Logger LOG = LoggerFactory.getLogger(BootComponent.class);

    @ObjectClassDefinition(id = "zos.networkd.boot", name = "zos networkd: boot connectivity",
            description = "How the node finds its way to the Internet. Values on the kernel command line "
                    + "(zos.farm, zos.registry, zos.runmode, zos.nic, zos.vlan, zos.ip, zos.gw) win over these.")
    public @interface Config {
        @AttributeDefinition(name = "Kernel command line", description = "File holding the kernel command "
                + "line; a lab points it at a file of its own.")
        String commandLineFile() default "/proc/cmdline";

        @AttributeDefinition(name = "Farm id", description = "zos.farm when the command line has none.", required = false)
        String farmId() default "";

        @AttributeDefinition(name = "Registry URL", description = "zos.registry: the grid registry; online "
                + "means a TCP connection to its host and port succeeds.", required = false)
        String registryUrl() default "";

        @AttributeDefinition(name = "Run mode", description = "zos.runmode: dev, test or prod.", required = false)
        String runMode() default "";

        @AttributeDefinition(name = "Boot NIC", description = "zos.nic: use this NIC instead of choosing.", required = false)
        String bootNic() default "";

        @AttributeDefinition(name = "VLAN", description = "zos.vlan: VLAN id on the boot NIC, 0 for none.", min = "0", max = "4094")
        int vlan() default 0;

        @AttributeDefinition(name = "Static address", description = "zos.ip: IPv4 address/prefix for farms "
                + "without DHCP (with zos.gw).", required = false)
        String staticAddress() default "";

        @AttributeDefinition(name = "Static gateway", description = "zos.gw: the static address's gateway.", required = false)
        String staticGateway() default "";

        @AttributeDefinition(name = "Bridge", description = "Name of the uplink bridge.")
        String bridge() default "zos";

        @AttributeDefinition(name = "Namespace prefix", description = "Prefix of the namespaces the node "
                + "creates (NIC probes); a lab with several nodes on one machine gives each its own.")
        String namespacePrefix() default "zos-";

        @AttributeDefinition(name = "Carrier wait (s)", min = "1")
        int carrierWaitSeconds() default 5;

        @AttributeDefinition(name = "DHCP probe timeout (s)", min = "1")
        int dhcpTimeoutSeconds() default 10;

        @AttributeDefinition(name = "Longest retry interval (s)", description = "Cap of the exponential backoff "
                + "between rounds while the node is not online.", min = "1")
        int backoffCapSeconds() default 60;

        @AttributeDefinition(name = "Online check interval (s)", min = "1")
        int onlineCheckSeconds() default 30;

        @AttributeDefinition(name = "udhcpc", description = "Path of busybox udhcpc.")
        String udhcpc() default "/usr/sbin/udhcpc";
    }

    @Reference
    private HostNetworking host;

    @Reference
    private NicInventory nics;

    private final Set<ConnectivityListener> listeners = new CopyOnWriteArraySet<>();
    private BundleContext context;
    private volatile BootManager manager;
    private ServiceRegistration<Connectivity> connectivity;

    @Activate
    void activate(BundleContext bundleContext, Config config) throws IOException {
        context = bundleContext;
        String commandLine = readCommandLine(config.commandLineFile());
        NodeParameters parameters = BootParameters.resolve(commandLine, configured(config));
        BootSettings settings = new BootSettings(config.bridge(), config.namespacePrefix(),
                Duration.ofSeconds(config.carrierWaitSeconds()), Duration.ofSeconds(config.dhcpTimeoutSeconds()),
                Duration.ofSeconds(config.backoffCapSeconds()), Duration.ofSeconds(config.onlineCheckSeconds()),
                Path.of(config.udhcpc()), bundleContext.getDataFile("").toPath());
        manager = new BootManager(host, host.ownNamespace(), parameters, settings, host.ownNamespaceWritable(),
                this::candidates, this::published);
        manager.start();
    }

    private List<String> candidates() {
        return nics.physicalNics().stream().filter(n -> n.master() == null).map(Nic::name).toList();
    }

    private static String readCommandLine(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            LOG.warn("Cannot read the kernel command line from {}: {}", file, e.getMessage());
            return "";
        }
    }

    private static Map<String, String> configured(Config c) {
        Map<String, String> values = new HashMap<>();
        values.put(BootParameters.FARM, c.farmId());
        values.put(BootParameters.REGISTRY, c.registryUrl());
        values.put(BootParameters.RUN_MODE, c.runMode());
        values.put(BootParameters.NIC, c.bootNic());
        values.put(BootParameters.VLAN, c.vlan() == 0 ? "" : Integer.toString(c.vlan()));
        values.put(BootParameters.IP, c.staticAddress());
        values.put(BootParameters.GATEWAY, c.staticGateway());
        return values;
    }

    private void published(ConnectivityStatus status) {
        synchronized (this) {
            if (status.isOnline() && connectivity == null && context != null) {
                connectivity = context.registerService(Connectivity.class, new Connectivity() {
                    @Override
                    public ConnectivityStatus status() {
                        return BootComponent.this.status();
                    }

                    @Override
                    public NodeParameters parameters() {
                        return status().parameters();
                    }
                }, null);
            }
        }
        for (ConnectivityListener listener : listeners) {
            try {
                listener.connectivityChanged(status);
            } catch (RuntimeException e) {
                LOG.warn("Connectivity listener {} failed", listener, e);
            }
        }
    }

    @Deactivate
    void deactivate() {
        manager.close();
        synchronized (this) {
            if (connectivity != null) {
                connectivity.unregister();
                connectivity = null;
            }
            context = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(ConnectivityListener listener) {
        listeners.add(listener);
        BootManager running = manager;
        if (running != null) {
            listener.connectivityChanged(running.status()); // a new listener starts from the current state
        }
    }

    void removeListener(ConnectivityListener listener) {
        listeners.remove(listener);
    }

    @Override
    public ConnectivityStatus status() {
        return manager.status();
    }
}
