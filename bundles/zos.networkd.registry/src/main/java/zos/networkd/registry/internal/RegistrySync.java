package zos.networkd.registry.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;

import zos.grid.api.client.RegistryClientStatus;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.Interface;
import zos.grid.api.model.Node;
import zos.grid.api.model.NodeRegistration;
import zos.grid.api.model.PublicConfig;
import zos.grid.api.model.ResultState;
import zos.grid.api.model.UsedPorts;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadPage;
import zos.grid.api.model.WorkloadResult;

/**
 * The node's side of the registry, on two threads. The sync thread registers the node (again after
 * every start: idempotent), publishes the NIC inventory after a burst of changes settles (within
 * {@value #NIC_QUIET_MILLIS} ms of quiet, {@value #NIC_LATEST_MILLIS} ms at the latest), the used
 * ports when they change, reads the public config now and then, and delivers queued results. The
 * poll thread long-polls the node's workloads from the persisted cursor, hands each to the handler
 * and queues its result on disk before it moves the cursor on. While the registry is away both back
 * off (capped) and nothing is lost: results wait on disk, the cursor is where it was.
 */
final class RegistrySync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySync.class);
    static final long NIC_QUIET_MILLIS = 400;
    static final long NIC_LATEST_MILLIS = 1500;

    /**
     * How the client works.
     *
     * @param pollWait how long one workload poll waits at the registry (long poll); zero: it answers at once
     * @param pollInterval the least time from one poll to the next when the first found nothing, so
     *        that plain polling (no long poll) does not spin
     */
    record Settings(Duration pollWait, Duration pollInterval, Duration configInterval, Duration backoffCap) {
    }

    private final RegistryHttp http;
    private final NodeRegistration registration;
    private final Supplier<List<Interface>> interfaces;
    private final Supplier<UsedPorts> usedPorts;
    /** Turns a workload into its result; empty when no handler is there yet. */
    private final Function<WorkloadEntry, Optional<WorkloadResult>> handler;
    private final Consumer<PublicConfig> publicConfigListeners;
    private final ClientState state;
    private final Settings settings;
    private final Thread syncThread;
    private final Thread pollThread;
    private final String farmId;
    /** Something changed (NICs, ports, a result) since the sync thread last looked; guarded by this. */
    private boolean syncWanted;

    // guarded by this
    private boolean registered;
    private long nicsDirtySince = -1;
    private long nicsLastChange;
    private boolean portsDirty = true;
    private long configDue;
    private long nextTry;
    private Duration backoff = Duration.ofSeconds(1);
    private Instant lastSync;
    private String lastError;
    private long publicConfigVersion;
    private Instant interfacesPublished;
    private volatile boolean closed;

    RegistrySync(RegistryHttp http, NodeRegistration registration, Supplier<List<Interface>> interfaces,
            Supplier<UsedPorts> usedPorts, Function<WorkloadEntry, Optional<WorkloadResult>> handler,
            Consumer<PublicConfig> publicConfigListeners, ClientState state, Settings settings) {
        this.http = http;
        this.registration = registration;
        this.interfaces = interfaces;
        this.usedPorts = usedPorts;
        this.handler = handler;
        this.publicConfigListeners = publicConfigListeners;
        this.state = state;
        this.settings = settings;
        this.farmId = Long.toString(registration.farmId());
        this.syncThread = new Thread(this::sync, "registry-sync");
        this.pollThread = new Thread(this::poll, "registry-poll");
        syncThread.setDaemon(true);
        pollThread.setDaemon(true);
        nicsChanged();
    }

    void start() {
        syncThread.start();
        pollThread.start();
    }

    // ---- signals from the node ----

    synchronized void nicsChanged() {
        long now = System.currentTimeMillis();
        if (nicsDirtySince < 0) {
            nicsDirtySince = now;
        }
        nicsLastChange = now;
        syncWanted = true;
        notifyAll();
    }

    synchronized void portsChanged() {
        portsDirty = true;
        syncWanted = true;
        notifyAll();
    }

    /** A workload handler appeared: the poll thread may go on. */
    synchronized void handlerChanged() {
        notifyAll();
    }

    /** A result was queued: deliver it now. */
    private synchronized void resultQueued() {
        syncWanted = true;
        notifyAll();
    }

    // ---- the sync thread ----

    private void sync() {
        while (!closed) {
            long wait;
            try {
                wait = syncOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException e) {
                LOG.warn("Registry sync step failed", e);
                failed("sync: " + e);
                wait = backoff.toMillis();
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    // a signal that came while syncOnce ran is not lost: no wait then
                    if (!syncWanted) {
                        wait(Math.max(10, wait));
                    }
                    syncWanted = false;
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Does what is due; returns how long to wait before looking again. */
    private long syncOnce() throws InterruptedException, IOException {
        long now = System.currentTimeMillis();
        synchronized (this) {
            if (now < nextTry) {
                return nextTry - now;
            }
        }
        try {
            if (!isRegistered()) {
                register();
            }
            long nicWait = publishNicsIfSettled(now);
            publishPortsIfChanged();
            readPublicConfigIfDue(now);
            deliverResults();
            synchronized (this) {
                return Math.min(nicWait, Math.max(10, configDue - System.currentTimeMillis()));
            }
        } catch (RegistryHttp.Unavailable e) {
            failed(e.getMessage());
        } catch (RegistryHttp.Refused e) {
            failed(e.getMessage());
        }
        synchronized (this) {
            return Math.max(10, nextTry - System.currentTimeMillis());
        }
    }

    private synchronized boolean isRegistered() {
        return registered;
    }

    private void register() throws RegistryHttp.Unavailable, RegistryHttp.Refused, InterruptedException {
        http.send("POST", "nodes", GridJson.toJson(registration), Duration.ofSeconds(15));
        synchronized (this) {
            registered = true;
            portsDirty = true;
            configDue = 0;
            notifyAll();
        }
        succeeded();
        LOG.info("Node {} registered with {} (farm {})", registration.id(), http.base(), farmId);
        nicsChanged();
    }

    private long publishNicsIfSettled(long now) throws RegistryHttp.Unavailable, RegistryHttp.Refused,
            InterruptedException {
        synchronized (this) {
            if (nicsDirtySince < 0) {
                return Long.MAX_VALUE / 4;
            }
            long settlesAt = Math.min(nicsLastChange + NIC_QUIET_MILLIS, nicsDirtySince + NIC_LATEST_MILLIS);
            if (now < settlesAt) {
                return settlesAt - now;
            }
            nicsDirtySince = -1;
        }
        List<Interface> nics = interfaces.get();
        try {
            http.send("POST", "nodes/" + registration.id() + "/interfaces", GridJson.toJson(nics), Duration.ofSeconds(15));
        } catch (RegistryHttp.Unavailable | RegistryHttp.Refused | RuntimeException e) {
            nicsChanged(); // still to publish
            throw e;
        }
        synchronized (this) {
            interfacesPublished = Instant.now();
        }
        succeeded();
        LOG.debug("Published {} interfaces", nics.size());
        return Long.MAX_VALUE / 4;
    }

    private void publishPortsIfChanged() throws RegistryHttp.Unavailable, RegistryHttp.Refused, InterruptedException {
        synchronized (this) {
            if (!portsDirty) {
                return;
            }
            portsDirty = false;
        }
        try {
            http.send("PUT", "nodes/" + registration.id() + "/used_ports", GridJson.toJson(usedPorts.get()),
                    Duration.ofSeconds(15));
        } catch (RegistryHttp.Unavailable | RegistryHttp.Refused | RuntimeException e) {
            portsChanged();
            throw e;
        }
        succeeded();
    }

    private void readPublicConfigIfDue(long now) throws RegistryHttp.Unavailable, RegistryHttp.Refused,
            InterruptedException {
        synchronized (this) {
            if (now < configDue) {
                return;
            }
            configDue = now + settings.configInterval().toMillis();
        }
        Node node = GridJson.node(http.get("nodes/" + registration.id(), Duration.ofSeconds(15)));
        succeeded();
        PublicConfig config = node.publicConfig();
        if (config == null) {
            return;
        }
        boolean changed;
        synchronized (this) {
            changed = config.version() != publicConfigVersion;
            publicConfigVersion = config.version();
        }
        if (changed) {
            LOG.info("Public config version {} for node {}", config.version(), registration.id());
            publicConfigListeners.accept(config);
        }
    }

    private void deliverResults() throws IOException, RegistryHttp.Unavailable, InterruptedException {
        for (ClientState.Pending pending : state.pending()) {
            String path = "reservations/workloads/" + registration.id() + "/" + pending.cursor() + "/result";
            try {
                http.send("PUT", path, GridJson.toJson(pending.result()), Duration.ofSeconds(15));
            } catch (RegistryHttp.Refused e) {
                // an answer, not an absence: retrying the same will not help
                LOG.error("The registry refused the result of workload {}: {}; dropping it", pending.cursor(),
                        e.getMessage());
            }
            state.delivered(pending.cursor());
            succeeded();
        }
    }

    private synchronized void succeeded() {
        lastSync = Instant.now();
        lastError = null;
        backoff = Duration.ofSeconds(1);
        nextTry = 0;
    }

    private synchronized void failed(String error) {
        if (!error.equals(lastError)) {
            LOG.warn("Registry: {}; retrying in {} s", error, backoff.toSeconds());
        }
        lastError = error;
        nextTry = System.currentTimeMillis() + backoff.toMillis();
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.backoffCap()) > 0 ? settings.backoffCap() : doubled;
    }

    // ---- the poll thread ----

    private void poll() {
        Duration pollBackoff = Duration.ofSeconds(1);
        while (!closed) {
            try {
                synchronized (this) {
                    while (!registered && !closed) {
                        wait();
                    }
                }
                if (closed) {
                    return;
                }
                long cursor = state.cursor();
                long started = System.nanoTime();
                JsonElement answer = http.get("reservations/workloads/" + registration.id() + "?from=" + cursor
                        + "&wait=" + settings.pollWait().toSeconds(), settings.pollWait().plusSeconds(15));
                WorkloadPage page = GridJson.workloadPage(answer);
                succeeded(); // the registry answered: an error of the outage is over
                for (WorkloadEntry entry : page.workloads()) {
                    if (!handle(entry)) {
                        break; // no handler yet: ask again for the same ones later
                    }
                }
                pollBackoff = Duration.ofSeconds(1);
                if (page.workloads().isEmpty()) {
                    long rest = settings.pollInterval().toMillis() - (System.nanoTime() - started) / 1_000_000;
                    if (rest > 0) {
                        synchronized (this) {
                            wait(rest);
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RegistryHttp.Unavailable | RegistryHttp.Refused | IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.debug("Workload poll failed: {}", e.getMessage());
                failed("workload poll: " + e.getMessage());
                try {
                    synchronized (this) {
                        wait(pollBackoff.toMillis());
                    }
                } catch (InterruptedException interrupted) {
                    return;
                }
                Duration doubled = pollBackoff.multipliedBy(2);
                pollBackoff = doubled.compareTo(settings.backoffCap()) > 0 ? settings.backoffCap() : doubled;
            }
        }
    }

    /**
     * Handles one workload: its result goes to disk, then the cursor moves on. Returns false when
     * no handler is there (the cursor stays, the workload comes again).
     */
    private boolean handle(WorkloadEntry entry) throws IOException, InterruptedException {
        if (entry.result() != null) {
            // reported before (a replay after the node lost its cursor): nothing to do again
            state.saveCursor(entry.cursor());
            return true;
        }
        Optional<WorkloadResult> result = resultOf(entry);
        if (result.isEmpty()) {
            synchronized (this) {
                wait(1000);
            }
            return false;
        }
        state.queue(entry.cursor(), result.get());
        state.saveCursor(entry.cursor());
        resultQueued();
        return true;
    }

    /**
     * The result of a workload: refused when it is not for this node or not signed by its user (the
     * registry checks that too; checking again means a registry that lies cannot make the node act),
     * else the handler's; empty when no handler is there yet.
     */
    Optional<WorkloadResult> resultOf(WorkloadEntry entry) {
        if (!entry.workload().node().equals(registration.id())) {
            return Optional.of(new WorkloadResult(ResultState.ERROR, "workload is for node " + entry.workload().node()
                    + ", not this node", java.util.Map.of()));
        }
        if (!GridJson.isSignedByItsUser(entry.workload())) {
            return Optional.of(new WorkloadResult(ResultState.ERROR, "workload is not signed by its user "
                    + entry.workload().user(), java.util.Map.of()));
        }
        return handler.apply(entry);
    }

    // ---- status ----

    synchronized RegistryClientStatus status() {
        long cursor;
        try {
            cursor = state.cursor();
        } catch (IOException e) {
            cursor = -1;
        }
        return new RegistryClientStatus(http.base(), registration.id().text(), farmId, registered, lastSync, lastError,
                state.pendingCount(), cursor, publicConfigVersion, interfacesPublished);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        // the poll thread may sit in a long poll: interrupting the HTTP call is how it ends now
        pollThread.interrupt();
        syncThread.interrupt();
        try {
            syncThread.join(5000);
            pollThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
