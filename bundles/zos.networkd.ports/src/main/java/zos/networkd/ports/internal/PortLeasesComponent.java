package zos.networkd.ports.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

import zos.networkd.api.ports.LeaseOrigin;
import zos.networkd.api.ports.PortLease;
import zos.networkd.api.ports.PortLeases;
import zos.networkd.api.ports.PortRange;
import zos.networkd.api.ports.UsedPorts;
import zos.networkd.api.ports.UsedPortsListener;
import zos.networkd.api.wireguard.WireguardService;

/**
 * The port leases as an OSGi service. On start, and whenever a WireGuard service appears, the
 * leases are reconciled with the devices that really run: a device listening on a port nobody
 * leased gets that port adopted for it (so no new network resource is handed a port in use), a
 * port used by two devices is reported. Listeners ({@link UsedPortsListener} services) hear every
 * change, in order, on one thread.
 */
@Component(name = "zos.networkd.ports", service = PortLeases.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PortLeasesComponent.Config.class)
public class PortLeasesComponent implements PortLeases {
    private static final Logger LOG = LoggerFactory.getLogger(PortLeasesComponent.class);
    static final String ADOPTED_PREFIX = "device:";

    @ObjectClassDefinition(id = "zos.networkd.ports", name = "zos networkd: WireGuard port leases",
            description = "Durable WireGuard listen ports per network resource.")
    public @interface Config {
        @AttributeDefinition(name = "Choice range", description = "Ports the node chooses from for a holder "
                + "that asks for any port (0), e.g. 30000-39999.")
        String choiceRange() default "30000-39999";

        @AttributeDefinition(name = "Reserved ports", description = "Ports or ranges of other node services, "
                + "never leased, e.g. 22, 53, 8101, 1099, 44444.")
        String[] reservedPorts() default {"22", "53", "67-68", "1099", "8101", "44444"};

        @AttributeDefinition(name = "State directory", description = "Where leases.json is kept; empty for the "
                + "bundle's data area. Must survive reboots.")
        String stateDirectory() default "";
    }

    private final Set<UsedPortsListener> listeners = new CopyOnWriteArraySet<>();
    private volatile LeaseBook book;
    private volatile WireguardService wireguard;
    private volatile List<String> problems = List.of();
    private ExecutorService notifier;

    /** A started instance outside OSGi (tests, also of other bundles, and benchmarks); stop it with {@link #deactivate()}. */
    public static PortLeasesComponent standalone(Path directory, PortRange range, List<PortRange> reserved,
            WireguardService wireguard) {
        PortLeasesComponent c = new PortLeasesComponent();
        c.wireguard = wireguard;
        c.start(new LeaseBook(directory, range, reserved, Clock.systemUTC()));
        return c;
    }

    @Activate
    void activate(BundleContext context, Config config) {
        Path directory = config.stateDirectory().isBlank() ? context.getDataFile("").toPath()
                : Path.of(config.stateDirectory());
        List<PortRange> reserved = new ArrayList<>();
        for (String entry : config.reservedPorts()) {
            // a .cfg file gives the list as one comma-separated string
            for (String r : entry.split(",")) {
                if (!r.isBlank()) {
                    reserved.add(PortRange.parse(r));
                }
            }
        }
        start(new LeaseBook(directory, PortRange.parse(config.choiceRange()), reserved, Clock.systemUTC()));
        LOG.info("WireGuard port leases active: {} lease(s) in {}, choosing from {}, reserved {}",
                book.leases().size(), book.file(), book.range(), book.reserved());
    }

    private void start(LeaseBook started) {
        notifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ports-notify");
            t.setDaemon(true);
            return t;
        });
        synchronized (this) {
            book = started;
            listeners.forEach(this::sendCurrent);
        }
        reconcile();
    }

    @Deactivate
    public void deactivate() {
        notifier.shutdown();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindWireguard(WireguardService service) {
        wireguard = service;
        if (book != null) {
            reconcile();
        }
    }

    void unbindWireguard(WireguardService service) {
        if (wireguard == service) {
            wireguard = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addListener(UsedPortsListener listener) {
        listeners.add(listener);
        if (book != null) {
            sendCurrent(listener);
        }
    }

    void removeListener(UsedPortsListener listener) {
        listeners.remove(listener);
    }

    private void sendCurrent(UsedPortsListener listener) {
        notifier.execute(() -> notify(listener, book.usedPorts()));
    }

    /** Queued, so that every listener sees changes in the order they happened. */
    private void changed() {
        // the listeners of this moment: one added later gets a current set that already holds this change
        List<UsedPortsListener> targets = List.copyOf(listeners);
        UsedPorts now = book.usedPorts();
        notifier.execute(() -> targets.forEach(l -> notify(l, now)));
    }

    private static void notify(UsedPortsListener listener, UsedPorts ports) {
        try {
            listener.usedPortsChanged(ports);
        } catch (RuntimeException e) {
            LOG.warn("used-ports listener {} failed", listener, e);
        }
    }

    /**
     * Reconciles the leases with the WireGuard devices that run (the original rebuilt its used-port
     * set wrongly after a restart and then hit "address already in use").
     */
    synchronized void reconcile() {
        WireguardService wg = wireguard;
        if (wg == null || book == null) {
            return;
        }
        List<String> found = new ArrayList<>();
        Map<Integer, String> seen = new HashMap<>();
        boolean changed = false;
        for (String device : wg.names()) {
            int port;
            try {
                port = wg.state(device).listenPort();
            } catch (RuntimeException e) {
                found.add("WireGuard device '" + device + "' could not be read: " + e.getMessage());
                continue;
            }
            String other = seen.putIfAbsent(port, device);
            if (other != null) {
                found.add("port " + port + " is used by two WireGuard devices: '" + other + "' and '" + device + "'");
                continue;
            }
            if (book.holderOf(port).isEmpty()) {
                String holder = ADOPTED_PREFIX + device;
                try {
                    book.release(holder);
                    book.lease(holder, port, LeaseOrigin.ADOPTED);
                    changed = true;
                    found.add("WireGuard device '" + device + "' listened on port " + port
                            + " without a lease: adopted for '" + holder + "'");
                } catch (RuntimeException e) {
                    found.add("WireGuard device '" + device + "' listens on port " + port + ", which cannot be leased: "
                            + e.getMessage());
                }
            }
        }
        // an adopted lease protects a device; once the device is gone, so is the reason
        for (PortLease lease : book.leases()) {
            if (lease.origin() == LeaseOrigin.ADOPTED && lease.holder().startsWith(ADOPTED_PREFIX)
                    && !wg.exists(lease.holder().substring(ADOPTED_PREFIX.length()))) {
                book.release(lease.holder());
                changed = true;
                found.add("released port " + lease.port() + " of '" + lease.holder() + "': the device is gone");
            }
        }
        found.forEach(p -> LOG.warn("Port leases: {}", p));
        problems = List.copyOf(found);
        if (changed) {
            changed();
        }
    }

    private LeaseBook book() {
        LeaseBook b = book;
        if (b == null) {
            throw new IllegalStateException("the port leases are not active");
        }
        return b;
    }

    @Override
    public PortLease lease(String holder, int port) {
        LeaseBook.Result result = book().lease(holder, port, LeaseOrigin.REQUESTED);
        if (result.changed()) {
            LOG.info("Port {} leased to '{}' ({})", result.lease().port(), holder, result.lease().origin());
            changed();
        }
        return result.lease();
    }

    @Override
    public boolean release(String holder) {
        Optional<PortLease> released = book().release(holder);
        released.ifPresent(l -> {
            LOG.info("Port {} released by '{}'", l.port(), holder);
            changed();
        });
        return released.isPresent();
    }

    @Override
    public Optional<PortLease> leaseOf(String holder) {
        return book().leaseOf(holder);
    }

    @Override
    public Optional<PortLease> holderOf(int port) {
        return book().holderOf(port);
    }

    @Override
    public List<PortLease> leases() {
        return book().leases();
    }

    @Override
    public UsedPorts usedPorts() {
        return book().usedPorts();
    }

    @Override
    public PortRange choiceRange() {
        return book().range();
    }

    @Override
    public List<String> problems() {
        return problems;
    }
}
