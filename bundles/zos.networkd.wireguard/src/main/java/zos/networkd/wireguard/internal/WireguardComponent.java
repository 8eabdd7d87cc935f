package zos.networkd.wireguard.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.AddressSpec;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.HostNetworkException;
import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.api.host.RouteSpec;
import zos.networkd.api.wireguard.DeviceConfig;
import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.DeviceState;
import zos.networkd.api.wireguard.PeerConfig;
import zos.networkd.api.wireguard.WireguardBackend;
import zos.networkd.api.wireguard.WireguardException;
import zos.networkd.api.wireguard.WireguardService;

/**
 * The WireGuard service. Devices outlive it: on activation it reconciles with its records (a device
 * that runs is adopted and brought to its recorded configuration, one that is gone is built again),
 * on deactivation (a bundle update) it only stops watching, and processes and tunnels keep running.
 * A userspace process that dies is restarted and reconfigured.
 */
@Component(name = "zos.networkd.wireguard", service = WireguardService.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = WireguardComponent.Config.class)
public class WireguardComponent implements WireguardService {
    private static final Logger LOG = LoggerFactory.getLogger(WireguardComponent.class);
    static final Path RUN_DIRECTORY = Path.of("/var/run/wireguard");

    @ObjectClassDefinition(id = "zos.networkd.wireguard", name = "zos networkd: WireGuard",
            description = "WireGuard devices through the kernel module or wireguard-go.")
    public @interface Config {
        @AttributeDefinition(name = "Backend", description = "auto: the kernel where creating a link of kind "
                + "wireguard succeeds, else wireguard-go; or force one.", options = {
                    @Option(label = "auto", value = "auto"), @Option(label = "kernel", value = "kernel"),
                    @Option(label = "userspace", value = "userspace")})
        String backend() default "auto";

        @AttributeDefinition(name = "wireguard-go", description = "The userspace implementation's executable.")
        String wireguardGo() default "wireguard-go";

        @AttributeDefinition(name = "State directory", description = "Where the device records (with their "
                + "private keys, mode 0600) and wireguard-go logs are kept; empty for the bundle's data area.")
        String stateDirectory() default "";

        @AttributeDefinition(name = "Kernel probe namespace", description = "Scratch network namespace the "
                + "kernel test creates a wireguard link in (deleted again).")
        String probeNamespace() default "zos-wg-probe";

        @AttributeDefinition(name = "Check interval (s)", description = "How often every device is checked "
                + "(a dead wireguard-go is noticed at once anyway).", min = "1")
        int checkIntervalSeconds() default 5;

        @AttributeDefinition(name = "wireguard-go start timeout (ms)", min = "100")
        int startTimeoutMillis() default 5000;
    }

    @Reference
    private HostNetworking host;

    private Backend backend;
    private DeviceStore store;
    private ScheduledExecutorService supervisor;
    private final Map<String, DeviceRecord> records = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<String> creating = new HashSet<>();
    private final Map<String, Integer> restartFailures = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A started service outside OSGi (tests, benchmarks); close it with {@link #deactivate()}. */
    static WireguardComponent standalone(HostNetworking host, Backend backend, Path stateDirectory,
            Duration checkInterval) {
        WireguardComponent component = new WireguardComponent();
        component.host = host;
        component.start(backend, stateDirectory, checkInterval);
        return component;
    }

    /**
     * A started service with wireguard-go devices outside OSGi (tests of other bundles,
     * benchmarks); stop it with {@link #deactivate()}, which leaves the devices running.
     */
    public static WireguardComponent standaloneUserspace(HostNetworking host, Path stateDirectory) {
        return standalone(host, userspace(host, stateDirectory, "wireguard-go"), stateDirectory, Duration.ofSeconds(5));
    }

    static UserspaceBackend userspace(HostNetworking host, Path stateDirectory, String executable) {
        return new UserspaceBackend(host, RUN_DIRECTORY, stateDirectory.resolve("logs"), executable,
                Duration.ofSeconds(5));
    }

    @Activate
    void activate(BundleContext context, Config config) {
        Path state = config.stateDirectory().isBlank() ? context.getDataFile("devices").toPath().getParent()
                : Path.of(config.stateDirectory());
        Backend chosen = chooseBackend(config, state);
        start(chosen, state, Duration.ofSeconds(Math.max(1, config.checkIntervalSeconds())));
        LOG.info("WireGuard service active: backend {}, {} device(s) adopted, state in {}", chosen.kind(),
                records.size(), state);
    }

    private Backend chooseBackend(Config config, Path state) {
        UserspaceBackend userspace = new UserspaceBackend(host, RUN_DIRECTORY, state.resolve("logs"),
                config.wireguardGo(), Duration.ofMillis(Math.max(100, config.startTimeoutMillis())));
        switch (config.backend()) {
            case "kernel":
                return new KernelBackend(host);
            case "userspace":
                return userspace;
            default:
                Optional<String> missing = KernelSupport.missing(host, config.probeNamespace());
                if (missing.isEmpty()) {
                    return new KernelBackend(host);
                }
                LOG.info("Kernel WireGuard unavailable ({}); using wireguard-go", missing.get());
                return userspace;
        }
    }

    private void start(Backend chosen, Path stateDirectory, Duration checkInterval) {
        backend = chosen;
        store = new DeviceStore(stateDirectory.resolve("devices"));
        supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wireguard-supervisor");
            t.setDaemon(true);
            return t;
        });
        for (DeviceRecord record : store.loadAll()) {
            if (record.backend() != backend.kind()) {
                LOG.error("WireGuard device '{}' was made by the {} backend, this service runs {}: left alone",
                        record.name(), record.backend(), backend.kind());
                continue;
            }
            records.put(record.name(), record);
            try {
                withLock(record.name(), () -> reconcile(record.name()));
            } catch (RuntimeException e) {
                LOG.error("WireGuard device '{}' could not be reconciled: {}", record.name(), e.getMessage());
            }
        }
        long interval = checkInterval.toMillis();
        supervisor.scheduleWithFixedDelay(this::checkAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Leaves every device running: an update or restart of this bundle must not drop a tunnel. */
    @Deactivate
    public void deactivate() {
        closed = true;
        supervisor.shutdownNow();
    }

    // ---- the service ----

    @Override
    public WireguardBackend backend() {
        return backend.kind();
    }

    @Override
    public DeviceState create(DeviceSpec spec, DeviceConfig config) {
        if (spec == null || config == null) {
            throw new IllegalArgumentException("create WireGuard device: spec and configuration are required");
        }
        String name = spec.name();
        reserve(spec);
        try {
            return withLock(name, () -> {
                DeviceRecord intent = new DeviceRecord(spec, backend.kind(), config, 0, 0);
                store.write(intent); // written first: a crash midway leaves a record that activation completes
                DeviceRecord built;
                try {
                    built = build(intent);
                } catch (RuntimeException e) {
                    store.delete(name);
                    throw e;
                }
                store.write(built);
                records.put(name, built);
                watch(built);
                LOG.info("WireGuard device '{}' created ({}, listen port {}, {} peer(s))", name, placement(spec),
                        config.listenPort(), config.peers().size());
                return stateOf(built);
            });
        } finally {
            synchronized (creating) {
                creating.remove(name);
            }
        }
    }

    /** Refuses a name this machine already uses; holds it while the device is made. */
    private void reserve(DeviceSpec spec) {
        String name = spec.name();
        synchronized (creating) {
            if (records.containsKey(name) || creating.contains(name)) {
                throw new WireguardException(name, "create", "the device exists already");
            }
            Path socket = RUN_DIRECTORY.resolve(name + ".sock");
            if (Files.exists(socket)) {
                throw new WireguardException(name, "create", "the name is taken on this machine: " + socket
                        + " exists (device names must be unique across all namespaces)");
            }
            for (String where : new String[] {spec.socketNamespace(), spec.interfaceNamespace()}) {
                NetworkNamespace ns = namespaceOrFail(name, where);
                if (ns.link(name).isPresent()) {
                    throw new WireguardException(name, "create", ns.describe() + " already has a link named '" + name
                            + "'");
                }
            }
            creating.add(name);
        }
    }

    private NetworkNamespace namespaceOrFail(String device, String where) {
        if (where == null) {
            return host.ownNamespace();
        }
        if (!host.namespaceExists(where)) {
            throw new WireguardException(device, "create", "netns '" + where + "' does not exist");
        }
        return host.namespace(where);
    }

    /**
     * Makes the device of a record from nothing: creates it, configures it fully, moves and
     * addresses the interface. On failure removes what it made and throws.
     */
    private DeviceRecord build(DeviceRecord record) {
        String name = record.name();
        DeviceSpec spec = record.spec();
        long start = System.nanoTime();
        ProcessIdentity process = backend.create(spec);
        DeviceRecord built = record.withProcess(process);
        try {
            long created = System.nanoTime();
            backend.apply(built, spec.socketNamespace(), ConfigDiff.full(record.config()));
            long configured = System.nanoTime();
            place(spec);
            LOG.debug("WireGuard device '{}': created in {} ms, configured in {} ms, placed in {} ms", name,
                    (created - start) / 1_000_000, (configured - created) / 1_000_000,
                    (System.nanoTime() - configured) / 1_000_000);
            return built;
        } catch (RuntimeException e) {
            try {
                backend.destroy(built);
                awaitLinkGone(spec);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof WireguardException || e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new WireguardException(name, "create", e.getMessage(), e);
        }
    }

    /** Moves the interface where it belongs and gives it MTU, addresses and routes; idempotent. */
    private void place(DeviceSpec spec) {
        String name = spec.name();
        NetworkNamespace target = namespaceOrFail(name, spec.interfaceNamespace());
        if (spec.moves() && target.link(name).isEmpty()) {
            namespaceOrFail(name, spec.socketNamespace()).moveTo(name, target);
        }
        if (spec.mtu() != 0) {
            target.setMtu(name, spec.mtu());
        }
        target.setUp(name);
        for (Cidr address : spec.addresses()) {
            AddressSpec a = AddressSpec.of(address);
            target.replaceAddress(name, address.family() == AddressFamily.IPV6 ? a.withNoDad() : a);
        }
        for (Cidr route : spec.routes()) {
            target.replaceRoute(RouteSpec.to(route).dev(name));
        }
    }

    private static String placement(DeviceSpec spec) {
        String socket = spec.socketNamespace() == null ? "own netns" : "netns '" + spec.socketNamespace() + "'";
        String iface = spec.interfaceNamespace() == null ? "own netns" : "netns '" + spec.interfaceNamespace() + "'";
        return spec.moves() ? "socket in " + socket + ", interface in " + iface : "in " + socket;
    }

    @Override
    public DeviceState configure(String name, DeviceConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("configure WireGuard device '" + name + "': no configuration");
        }
        return withLock(name, () -> {
            DeviceRecord record = recordOf(name, "configure");
            String where = record.spec().interfaceNamespace();
            DeviceReading live = backend.read(record, where);
            ConfigDelta delta = ConfigDiff.between(record.config(), live, config);
            if (!delta.isEmpty()) {
                try {
                    backend.apply(record, where, delta);
                } catch (RuntimeException e) {
                    rollBack(record, where, e);
                    throw e;
                }
            }
            DeviceRecord updated = record.withConfig(config);
            store.write(updated);
            records.put(name, updated);
            return stateOf(updated);
        });
    }

    /** After a failed change, brings the device back to the configuration it had. */
    private void rollBack(DeviceRecord record, String where, RuntimeException failure) {
        try {
            ConfigDelta back = ConfigDiff.between(null, backend.read(record, where), record.config());
            if (!back.isEmpty()) {
                backend.apply(record, where, back);
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public DeviceState setPeers(String name, List<PeerConfig> peers) {
        return configure(name, config(name).withPeers(peers));
    }

    @Override
    public DeviceState state(String name) {
        return stateOf(recordOf(name, "read"));
    }

    private DeviceState stateOf(DeviceRecord record) {
        DeviceReading live = backend.read(record, record.spec().interfaceNamespace());
        return new DeviceState(record.spec(), record.backend(), live.publicKey(), live.listenPort(), live.fwmark(),
                live.peerStates(), record.pid());
    }

    @Override
    public DeviceConfig config(String name) {
        return recordOf(name, "read").config();
    }

    @Override
    public List<String> names() {
        return List.copyOf(new TreeSet<>(records.keySet()));
    }

    @Override
    public boolean exists(String name) {
        return records.containsKey(name);
    }

    @Override
    public void delete(String name) {
        withLock(name, () -> {
            DeviceRecord record = recordOf(name, "delete");
            records.remove(name);
            backend.destroy(record);
            awaitLinkGone(record.spec());
            store.delete(name);
            restartFailures.remove(name);
            LOG.info("WireGuard device '{}' deleted", name);
            return null;
        });
    }

    /** A userspace TUN disappears when its process has gone; wait so that delete returns with nothing left. */
    private void awaitLinkGone(DeviceSpec spec) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (String where : new String[] {spec.interfaceNamespace(), spec.socketNamespace()}) {
            if (where != null && !host.namespaceExists(where)) {
                continue;
            }
            NetworkNamespace ns = where == null ? host.ownNamespace() : host.namespace(where);
            while (ns.link(spec.name()).isPresent()) {
                if (System.nanoTime() > deadline) {
                    // a kernel link (or a stuck TUN) that did not go with its owner
                    ns.deleteLink(spec.name());
                    break;
                }
                UserspaceBackend.sleep(5);
            }
        }
    }

    private DeviceRecord recordOf(String name, String operation) {
        DeviceRecord record = records.get(name);
        if (record == null) {
            throw new WireguardException(name, operation, "no such device (this service has " + names() + ")");
        }
        return record;
    }

    // ---- reconciliation and supervision ----

    /** Adopts the device of a record if it runs (bringing it to its recorded configuration), else builds it again. */
    private Void reconcile(String name) {
        DeviceRecord record = records.get(name);
        if (record == null) {
            return null;
        }
        if (backend.isRunning(record)) {
            String where = record.spec().interfaceNamespace();
            ConfigDelta drift = ConfigDiff.between(record.config(), backend.read(record, where), record.config());
            if (!drift.isEmpty()) {
                backend.apply(record, where, drift);
            }
            place(record.spec());
            LOG.info("WireGuard device '{}' adopted{}", name, record.pid() == 0 ? "" : " (pid " + record.pid() + ")");
        } else {
            backend.destroy(record); // what is left of it (a stale socket, a link in the wrong place)
            awaitLinkGone(record.spec());
            DeviceRecord rebuilt = build(record);
            store.write(rebuilt);
            records.put(name, rebuilt);
            LOG.warn("WireGuard device '{}' was not running: built again{}", name,
                    rebuilt.pid() == 0 ? "" : " (pid " + rebuilt.pid() + ")");
        }
        restartFailures.remove(name);
        watch(records.get(name));
        return null;
    }

    /** A userspace device is restarted the moment its process ends (not only at the next check). */
    private void watch(DeviceRecord record) {
        ProcessIdentity process = record.process();
        if (process == null || closed) {
            return;
        }
        process.handle().ifPresent(handle -> handle.onExit().thenRun(() -> {
            if (!closed) {
                try {
                    supervisor.execute(() -> processEnded(record.name(), process));
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // the component is going away; the next instance adopts or restarts it
                }
            }
        }));
    }

    private void processEnded(String name, ProcessIdentity ended) {
        DeviceRecord record = records.get(name);
        if (record == null || !ended.equals(record.process())) {
            return; // deleted, or already restarted
        }
        LOG.warn("wireguard-go of '{}' (pid {}) ended; restarting it", name, ended.pid());
        restart(name);
    }

    private void checkAll() {
        for (String name : names()) {
            DeviceRecord record = records.get(name);
            if (record != null && !closed && !backend.isRunning(record)) {
                restart(name);
            }
        }
    }

    private void restart(String name) {
        try {
            withLock(name, () -> reconcile(name));
        } catch (RuntimeException e) {
            int failures = restartFailures.merge(name, 1, Integer::sum);
            long delay = Math.min(30, 1L << Math.min(failures - 1, 5));
            LOG.error("WireGuard device '{}' could not be restarted (attempt {}), next try in {} s: {}", name,
                    failures, delay, e.getMessage());
            if (!closed) {
                supervisor.schedule(() -> restart(name), delay, TimeUnit.SECONDS);
            }
        }
    }

    private <T> T withLock(String name, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(name, n -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } catch (HostNetworkException e) {
            throw new WireguardException(name, "change", e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }


    /** For benchmarks: how long the last device creation waited for wireguard-go to come up (0 for the kernel). */
    public long lastStartWaitNanos() {
        return backend instanceof UserspaceBackend userspace ? userspace.lastStartWaitNanos() : 0;
    }

    /** For tests: the state files' directory. */
    Path stateDirectory() {
        return store.directory();
    }
}
