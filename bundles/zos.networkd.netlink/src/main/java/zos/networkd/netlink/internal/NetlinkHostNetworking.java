package zos.networkd.netlink.internal;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.host.Names;
import zos.networkd.api.host.NetworkNamespace;

/**
 * The host networking service over netlink. Kernel state outlives it: deactivation (a bundle
 * update) closes sockets and threads and leaves every link, address, route and namespace as it is.
 */
@Component(name = "zos.networkd.netlink", service = HostNetworking.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NetlinkHostNetworking.Config.class)
public class NetlinkHostNetworking implements HostNetworking {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkHostNetworking.class);

    @ObjectClassDefinition(id = "zos.networkd.netlink", name = "zos networkd: host networking",
            description = "Links, addresses, routes, sysctls and network namespaces over netlink.")
    public @interface Config {
        @AttributeDefinition(name = "Manage the node's own namespace", description = "Allow changes to the "
                + "network namespace the daemon runs in (its NICs, addresses, routes, sysctls). Off on an "
                + "ordinary machine, so that a distribution started by hand only reads the host's network; "
                + "the lab and the node image switch it on. Named namespaces are always writable.")
        boolean manageOwnNamespace() default false;

        @AttributeDefinition(name = "Release idle namespaces after (s)", description = "Seconds after which "
                + "the sockets and thread held in an unused named namespace are closed, so that a namespace "
                + "deleted by someone else is not kept alive by this bundle.", min = "1")
        int namespaceIdleSeconds() default 30;
    }

    private volatile boolean manageOwnNamespace;
    private volatile long idleNanos;
    private NamespaceRegistry registry;
    private ScheduledExecutorService housekeeping;

    /** A ready instance outside OSGi (tests, benchmarks). Close it with {@link #deactivate()}. */
    public static NetlinkHostNetworking standalone(boolean manageOwnNamespace) {
        NetlinkHostNetworking host = new NetlinkHostNetworking();
        host.start(manageOwnNamespace, 30);
        return host;
    }

    @Activate
    void activate(Config config) {
        start(config.manageOwnNamespace(), config.namespaceIdleSeconds());
        LOG.info("Host networking over netlink active; changes to the node's own namespace {}",
                manageOwnNamespace ? "ALLOWED" : "disabled (read-only)");
    }

    private void start(boolean manageOwn, int idleSeconds) {
        configure(manageOwn, idleSeconds);
        registry = new NamespaceRegistry();
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netlink-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(() -> registry.evictIdle(idleNanos), 5, 5, TimeUnit.SECONDS);
    }

    private void configure(boolean manageOwn, int idleSeconds) {
        manageOwnNamespace = manageOwn;
        idleNanos = TimeUnit.SECONDS.toNanos(Math.max(1, idleSeconds));
    }

    @Modified
    void modified(Config config) {
        boolean before = manageOwnNamespace;
        configure(config.manageOwnNamespace(), config.namespaceIdleSeconds());
        if (before != manageOwnNamespace) {
            LOG.info("Changes to the node's own namespace now {}", manageOwnNamespace ? "ALLOWED" : "disabled");
        }
    }

    @Deactivate
    public void deactivate() {
        housekeeping.shutdownNow();
        registry.close();
    }

    @Override
    public NetworkNamespace ownNamespace() {
        return new NetlinkNetworkNamespace(registry, null, this::ownNamespaceWritable);
    }

    @Override
    public NetworkNamespace namespace(String name) {
        NamespaceContext context = registry.acquire(Names.checkNamespaceName(name), "open " + NamespaceContext.describe(name));
        context.release();
        return new NetlinkNetworkNamespace(registry, name, this::ownNamespaceWritable);
    }

    @Override
    public NetworkNamespace createNamespace(String name) {
        registry.create(name);
        NetworkNamespace created = new NetlinkNetworkNamespace(registry, name, this::ownNamespaceWritable);
        try {
            created.setUp("lo");
        } catch (RuntimeException e) {
            registry.delete(name); // nothing half-made stays behind
            throw e;
        }
        return created;
    }

    @Override
    public void deleteNamespace(String name) {
        registry.delete(name);
    }

    @Override
    public boolean namespaceExists(String name) {
        return registry.exists(name);
    }

    @Override
    public List<String> namespaces() {
        return registry.list();
    }

    @Override
    public boolean ownNamespaceWritable() {
        return manageOwnNamespace;
    }

    /** Contexts held open in named namespaces (for tests of the idle release). */
    int openNamespaceContexts() {
        return registry.openContexts();
    }

    void evictIdleNow() {
        registry.evictIdle(0);
    }
}
