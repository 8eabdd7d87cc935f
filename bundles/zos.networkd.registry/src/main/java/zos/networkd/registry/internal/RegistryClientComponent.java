package zos.networkd.registry.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;
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

import zos.grid.api.client.PublicConfigListener;
import zos.grid.api.client.RegistryClient;
import zos.grid.api.client.RegistryClientStatus;
import zos.grid.api.client.WorkloadHandler;
import zos.grid.api.model.PublicConfig;
import zos.grid.api.model.UsedPorts;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.boot.Connectivity;
import zos.networkd.api.files.AtomicFiles;
import zos.networkd.api.boot.NodeParameters;
import zos.networkd.api.identity.NodeIdentity;
import zos.networkd.api.nics.NicChange;
import zos.networkd.api.nics.NicInventory;
import zos.networkd.api.nics.NicListener;
import zos.networkd.api.ports.UsedPortsListener;

/**
 * The registry client as an OSGi component. It starts once the node is online (it depends on
 * {@link Connectivity}, which boot registers then), takes the registry URL and farm from the
 * node's boot parameters, and listens to the NIC inventory and the port leases (whiteboard).
 */
@Component(name = "zos.networkd.registry", service = {RegistryClient.class, NicListener.class,
        UsedPortsListener.class}, immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RegistryClientComponent.Config.class)
public class RegistryClientComponent implements RegistryClient, NicListener, UsedPortsListener {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryClientComponent.class);

    @ObjectClassDefinition(id = "zos.networkd.registry", name = "zos networkd: registry client",
            description = "How the node talks to the grid registry (its URL and farm come from the boot parameters).")
    public @interface Config {
        @AttributeDefinition(name = "Long poll (s)", description = "How long one workload poll may wait at the registry; "
                + "0: plain polling, every poll interval.", min = "0", max = "60")
        int pollWaitSeconds() default 30;

        @AttributeDefinition(name = "Poll interval (s)", description = "The least time between two workload polls when "
                + "the first found nothing (matters only without long poll).", min = "1", max = "3600")
        int pollIntervalSeconds() default 1;

        @AttributeDefinition(name = "Public config interval (s)", min = "1")
        int publicConfigSeconds() default 60;

        @AttributeDefinition(name = "Longest retry interval (s)", min = "1")
        int backoffCapSeconds() default 60;

        @AttributeDefinition(name = "State directory", description = "Workload cursor and undelivered results. "
                + "Empty: <karaf.data>/zos/registry (outlives the bundle, unlike its data area).")
        String stateDirectory() default "";
    }

    @Reference
    private Connectivity connectivity;

    @Reference
    private NodeIdentity identity;

    @Reference
    private NicInventory nics;

    /**
     * Handlers by service id, taken from the registry only when a workload comes: getting one at bind
     * time would activate it (provisioning, the mesh, the port leases) while the NIC and port
     * whiteboards are activating this component, a cycle that SCR breaks by refusing the service.
     */
    private final ConcurrentSkipListMap<Long, ComponentServiceObjects<WorkloadHandler>> handlers =
            new ConcurrentSkipListMap<>();
    /** The handlers got so far, by service id; used by the poll thread only (and unbind). */
    private final Map<Long, WorkloadHandler> gotHandlers = new java.util.concurrent.ConcurrentHashMap<>();
    private final CopyOnWriteArraySet<PublicConfigListener> configListeners = new CopyOnWriteArraySet<>();
    private volatile RegistrySync sync;
    private volatile UsedPorts usedPorts = new UsedPorts(List.of());
    private volatile String problem;
    private volatile URI registry;

    @Activate
    void activate(BundleContext context, Config config) throws IOException {
        NodeParameters parameters = connectivity.parameters();
        registry = parameters.registry();
        long farm;
        if (registry == null) {
            problem = "no registry URL (zos.registry on the kernel command line or registryUrl in etc/zos.networkd.boot.cfg)";
        } else if (parameters.farmId() == null || !parameters.farmId().matches("\\d{1,18}") || Long.parseLong(parameters.farmId()) == 0) {
            problem = "no farm id the registry knows (zos.farm must be a farm's number, not '" + parameters.farmId() + "')";
        }
        if (problem != null) {
            LOG.warn("Registry client idle: {}", problem);
            return;
        }
        farm = Long.parseLong(parameters.farmId());
        Path directory = AtomicFiles.stateDirectory(config.stateDirectory(), "registry", "stateDirectory");
        RegistrySync started = new RegistrySync(new RegistryHttp(registry, identity),
                NodeFacts.registration(identity, farm, context.getBundle().getVersion().toString()),
                () -> NodeFacts.interfaces(nics.nics(), connectivity.status().bridge()), () -> usedPorts,
                this::handle, this::publicConfigChanged, new ClientState(directory),
                new RegistrySync.Settings(Duration.ofSeconds(Math.max(0, config.pollWaitSeconds())),
                        Duration.ofSeconds(Math.max(1, config.pollIntervalSeconds())),
                        Duration.ofSeconds(config.publicConfigSeconds()), Duration.ofSeconds(config.backoffCapSeconds())));
        sync = started;
        started.start();
        LOG.info("Registry client for node {} at {} (farm {}), state in {}", identity.nodeId(), registry, farm, directory);
    }


    @Deactivate
    void deactivate() {
        RegistrySync stopping = sync;
        sync = null;
        if (stopping != null) {
            stopping.close();
        }
    }

    /** The lowest (oldest) handler's result; empty while there is none, or none can be had yet. */
    private Optional<WorkloadResult> handle(WorkloadEntry entry) {
        Map.Entry<Long, ComponentServiceObjects<WorkloadHandler>> first = handlers.firstEntry();
        if (first == null) {
            return Optional.empty();
        }
        WorkloadHandler handler = gotHandlers.get(first.getKey());
        if (handler == null) {
            try {
                handler = first.getValue().getService();
            } catch (RuntimeException e) {
                LOG.warn("Workload handler {} not available yet: {}", first.getKey(), e.getMessage());
            }
            if (handler == null) {
                return Optional.empty(); // asked again in a moment
            }
            gotHandlers.put(first.getKey(), handler);
        }
        return Optional.of(handler.handle(entry));
    }

    private void publicConfigChanged(PublicConfig config) {
        for (PublicConfigListener listener : configListeners) {
            try {
                listener.publicConfigChanged(config);
            } catch (RuntimeException e) {
                LOG.warn("Public config listener {} failed", listener, e);
            }
        }
    }

    @Override
    public void nicsChanged(NicChange change) {
        RegistrySync running = sync;
        if (running != null) {
            running.nicsChanged();
        }
    }

    @Override
    public void usedPortsChanged(zos.networkd.api.ports.UsedPorts ports) {
        usedPorts = NodeFacts.usedPorts(ports);
        RegistrySync running = sync;
        if (running != null) {
            running.portsChanged();
        }
    }

    /** Handlers by service id: the lowest (oldest) wins while several are registered. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(ComponentServiceObjects<WorkloadHandler> handler, Map<String, Object> properties) {
        handlers.put((Long) properties.get(Constants.SERVICE_ID), handler);
        RegistrySync running = sync;
        if (running != null) {
            running.handlerChanged();
        }
    }

    void removeHandler(ComponentServiceObjects<WorkloadHandler> handler, Map<String, Object> properties) {
        Long id = (Long) properties.get(Constants.SERVICE_ID);
        handlers.remove(id);
        WorkloadHandler got = gotHandlers.remove(id);
        if (got != null) {
            try {
                handler.ungetService(got);
            } catch (IllegalStateException gone) {
                // SCR has let go of it already
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addConfigListener(PublicConfigListener listener) {
        configListeners.add(listener);
    }

    void removeConfigListener(PublicConfigListener listener) {
        configListeners.remove(listener);
    }

    @Override
    public RegistryClientStatus status() {
        RegistrySync running = sync;
        if (running == null) {
            return new RegistryClientStatus(registry, identity.nodeId(), null, false, null, problem, 0, 0, 0, null);
        }
        return running.status();
    }
}
