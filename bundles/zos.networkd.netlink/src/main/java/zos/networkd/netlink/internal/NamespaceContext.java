package zos.networkd.netlink.internal;

import java.util.concurrent.atomic.AtomicInteger;

import zos.networkd.api.netlink.Netlink;

/**
 * What this bundle holds open in one namespace: its worker thread and the request sockets opened
 * there. Holding it keeps the namespace alive, so named contexts are closed when the namespace is
 * deleted and when they sit idle (see {@link NamespaceRegistry#evictIdle}).
 */
final class NamespaceContext implements AutoCloseable {
    private final String name;
    private final String description;
    private final long identity;
    private final NamespaceWorker worker;
    private final AtomicInteger users = new AtomicInteger();
    private volatile long lastUsedNanos = System.nanoTime();
    private NetlinkSocket routeSocket;
    private NetlinkSocket genericSocket;
    private boolean closed;

    NamespaceContext(String name, long identity, int namespaceFd) {
        this.name = name;
        this.description = describe(name);
        this.identity = identity;
        this.worker = new NamespaceWorker(description, namespaceFd, name == null ? "netns-own" : "netns-" + name);
    }

    static String describe(String name) {
        return name == null ? "the node's own netns" : "netns '" + name + "'";
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    long identity() {
        return identity;
    }

    NamespaceWorker worker() {
        return worker;
    }

    /** The rtnetlink request socket, opened inside the namespace on first use. */
    synchronized NetlinkSocket route() {
        ensureOpen();
        if (routeSocket == null) {
            routeSocket = openSocket(Netlink.NETLINK_ROUTE);
        }
        return routeSocket;
    }

    /** The generic netlink request socket, opened inside the namespace on first use. */
    synchronized NetlinkSocket generic() {
        ensureOpen();
        if (genericSocket == null) {
            genericSocket = openSocket(Netlink.NETLINK_GENERIC);
        }
        return genericSocket;
    }

    /** A new socket of the namespace (the caller owns it). */
    NetlinkSocket openSocket(int protocol) {
        return worker.callUnchecked(() -> NetlinkSocket.open(protocol, description));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(description + ": context closed");
        }
    }

    NamespaceContext acquire() {
        users.incrementAndGet();
        lastUsedNanos = System.nanoTime();
        return this;
    }

    void release() {
        lastUsedNanos = System.nanoTime();
        users.decrementAndGet();
    }

    boolean idleLongerThan(long nanos) {
        return users.get() == 0 && System.nanoTime() - lastUsedNanos > nanos;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (routeSocket != null) {
            routeSocket.close();
        }
        if (genericSocket != null) {
            genericSocket.close();
        }
        worker.close();
    }
}
