package zos.networkd.nics.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.networkd.api.host.Address;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.EventGroup;
import zos.networkd.api.host.Link;
import zos.networkd.api.host.NetworkEvent;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.api.host.Route;
import zos.networkd.api.host.Subscription;
import zos.networkd.api.nics.Nic;
import zos.networkd.api.nics.NicChange;

/**
 * Keeps the inventory of one namespace current. Kernel events only trigger work: a burst of them
 * is coalesced into one re-read of links, addresses and routes, so the inventory is always what
 * the kernel says after the burst (no event ordering races, no polling). Changes are published on
 * the tracker's single thread, in order.
 */
final class NicTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NicTracker.class);
    static final long COALESCE_MILLIS = 20;

    private final NetworkNamespace namespace;
    private final Consumer<NicChange> publisher;
    private final ScheduledExecutorService worker;
    private volatile PhysicalNicFilter filter;
    private volatile Map<String, Nic> current = Map.of();
    private volatile long generation;
    private boolean refreshPending;
    private Subscription subscription;

    NicTracker(NetworkNamespace namespace, PhysicalNicFilter filter, Consumer<NicChange> publisher) {
        this.namespace = namespace;
        this.filter = filter;
        this.publisher = publisher;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nic-inventory");
            t.setDaemon(true);
            return t;
        });
    }

    /** Subscribes first, then reads, so that no change between the two is missed. */
    void start() {
        subscription = namespace.subscribe(EnumSet.allOf(EventGroup.class), this::onEvent);
        runOnWorker(this::refresh);
    }

    private void onEvent(NetworkEvent event) {
        synchronized (this) {
            if (refreshPending) {
                return;
            }
            refreshPending = true;
        }
        worker.schedule(() -> {
            synchronized (this) {
                refreshPending = false;
            }
            refresh();
        }, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
    }

    void changeFilter(PhysicalNicFilter newFilter) {
        filter = newFilter;
        runOnWorker(this::refresh);
    }

    private void runOnWorker(Runnable task) {
        try {
            worker.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("NIC inventory refresh failed", e.getCause());
        }
    }

    /** Runs {@code task} on the tracker's thread after what is queued (listener notifications stay ordered). */
    void execute(Runnable task) {
        worker.execute(task);
    }

    private void refresh() {
        Map<String, Nic> next;
        try {
            next = read();
        } catch (RuntimeException e) {
            LOG.warn("Reading the NICs of {} failed; keeping the last inventory: {}", namespace.describe(), e.getMessage());
            return;
        }
        Map<String, Nic> before = current;
        Set<String> added = new HashSet<>(next.keySet());
        added.removeAll(before.keySet());
        Set<String> removed = new HashSet<>(before.keySet());
        removed.removeAll(next.keySet());
        Set<String> changed = new HashSet<>();
        for (Map.Entry<String, Nic> e : next.entrySet()) {
            Nic old = before.get(e.getKey());
            if (old != null && !old.equals(e.getValue())) {
                changed.add(e.getKey());
            }
        }
        if (added.isEmpty() && removed.isEmpty() && changed.isEmpty()) {
            return;
        }
        current = next;
        generation++;
        NicChange change = new NicChange(List.copyOf(next.values()), added, removed, changed, generation);
        LOG.debug("NICs changed: added {}, removed {}, changed {}", added, removed, changed);
        publisher.accept(change);
    }

    private Map<String, Nic> read() {
        List<Link> links = namespace.links();
        List<Address> addresses = namespace.addresses();
        Map<Integer, InetAddress> gateway4 = gateways(namespace.routes(AddressFamily.IPV4));
        Map<Integer, InetAddress> gateway6 = gateways(namespace.routes(AddressFamily.IPV6));
        Map<Integer, String> names = new HashMap<>();
        links.forEach(l -> names.put(l.index(), l.name()));
        Map<Integer, List<Cidr>> cidrs = new HashMap<>();
        addresses.stream()
                .sorted(Comparator.comparing((Address a) -> a.family()).thenComparing(a -> a.cidr().toString()))
                .forEach(a -> cidrs.computeIfAbsent(a.linkIndex(), i -> new ArrayList<>()).add(a.cidr()));
        PhysicalNicFilter physical = filter;
        Map<String, Nic> nics = new LinkedHashMap<>();
        links.stream().filter(l -> !l.isLoopback()).sorted(Comparator.comparing(Link::name)).forEach(l -> nics.put(
                l.name(),
                new Nic(l.name(), l.index(), l.mac(), l.kind(), physical.isPhysical(l), l.adminUp(), l.carrier(),
                        l.operState(), l.mtu(), l.masterIndex() == 0 ? null : names.get(l.masterIndex()),
                        cidrs.getOrDefault(l.index(), List.of()), gateway4.get(l.index()), gateway6.get(l.index()))));
        return nics;
    }

    /** The default gateway per output link (the lowest metric where several exist). */
    private static Map<Integer, InetAddress> gateways(List<Route> routes) {
        Map<Integer, InetAddress> byLink = new HashMap<>();
        routes.stream().filter(r -> r.isDefault() && r.gateway() != null && r.outputIndex() != 0)
                .sorted(Comparator.comparingInt(Route::metric).reversed())
                .forEach(r -> byLink.put(r.outputIndex(), r.gateway()));
        return byLink;
    }

    List<Nic> nics() {
        return List.copyOf(current.values());
    }

    Nic nic(String name) {
        return current.get(Objects.requireNonNull(name));
    }

    long generation() {
        return generation;
    }

    PhysicalNicFilter filter() {
        return filter;
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        worker.shutdownNow();
    }
}
