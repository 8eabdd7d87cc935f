package zos.networkd.boot.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.networkd.api.host.NetworkNamespace;

/**
 * The udhcpc that keeps the uplink's lease for the life of the node: its events go to a listener;
 * if it dies it is started again (asking for the address the node holds), with a capped backoff.
 * Stopping it never releases the lease.
 */
final class DhcpClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpClient.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final Udhcpc udhcpc;
    private final NetworkNamespace namespace;
    private final String nic;
    private final Supplier<String> requestedAddress;
    private final Consumer<DhcpEvent> events;
    private final Consumer<String> timeline;
    private final Thread supervisor;
    private volatile Process process;
    private volatile boolean closed;

    /**
     * @param requestedAddress the address to ask for at each (re)start, e.g. the one the link holds
     */
    DhcpClient(Udhcpc udhcpc, NetworkNamespace namespace, String nic, Supplier<String> requestedAddress,
            Consumer<DhcpEvent> events, Consumer<String> timeline) {
        this.udhcpc = udhcpc;
        this.namespace = namespace;
        this.nic = nic;
        this.requestedAddress = requestedAddress;
        this.events = events;
        this.timeline = timeline;
        this.supervisor = new Thread(this::supervise, "dhcp-" + nic);
        supervisor.setDaemon(true);
        supervisor.start();
    }

    private void supervise() {
        long backoff = 1000;
        while (!closed) {
            long started = System.nanoTime();
            try {
                process = Udhcpc.start(namespace, udhcpc.keeper(nic, requestedAddress.get()));
                if (closed) {
                    Udhcpc.stop(process); // close() came while it was starting
                    return;
                }
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        DhcpEvent event = DhcpEvent.parse(line);
                        if (event != null) {
                            deliver(event);
                        } else if (!line.isBlank()) {
                            LOG.debug("udhcpc on {}: {}", nic, line);
                        }
                    }
                }
                int code = process.waitFor();
                if (closed) {
                    return;
                }
                timeline.accept("udhcpc on " + nic + " exited (code " + code + "); starting it again");
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                timeline.accept("udhcpc on " + nic + " failed to run: " + e.getMessage());
            }
            // a client that ran for a while restarts at once; one that keeps dying backs off
            backoff = System.nanoTime() - started > 60_000_000_000L ? 1000 : Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            synchronized (this) {
                if (!closed) {
                    try {
                        wait(backoff);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private void deliver(DhcpEvent event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("Handling udhcpc event {} on {} failed", event.event(), nic, e);
        }
    }

    /** The running udhcpc's PID, or -1. */
    long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        Process p = process;
        if (p != null) {
            try {
                Udhcpc.stop(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            supervisor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
