package zos.grid.registry.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import zos.grid.api.crypto.KeyId;

/**
 * Long polls waiting for a node's next workload. A poll registers a waiter; a new workload for the
 * node wakes all of its waiters at once, a timeout wakes one. Each waiter runs its answer exactly
 * once, on this class's threads (never on the thread that stored the workload).
 */
final class WorkloadWaiters implements AutoCloseable {
    private final Map<KeyId, List<Waiter>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;

    WorkloadWaiters(int threads) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, runnable -> {
            Thread thread = new Thread(runnable, "zos-grid-registry-longpoll");
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    /** A poll that answers once: when woken, or when its time is up. */
    final class Waiter {
        private final KeyId node;
        private final Runnable answer;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        private Waiter(KeyId node, Runnable answer) {
            this.node = node;
            this.answer = answer;
        }

        void fire() {
            if (done.compareAndSet(false, true)) {
                ScheduledFuture<?> t = timeout;
                if (t != null) {
                    t.cancel(false);
                }
                remove(this);
                executor.execute(answer);
            }
        }
    }

    /** Registers a waiter for the node; it answers within {@code waitMillis} at the latest. */
    Waiter await(KeyId node, long waitMillis, Runnable answer) {
        Waiter waiter = new Waiter(node, answer);
        waiting.computeIfAbsent(node, k -> new CopyOnWriteArrayList<>()).add(waiter);
        waiter.timeout = executor.schedule(waiter::fire, waitMillis, TimeUnit.MILLISECONDS);
        return waiter;
    }

    /** Wakes every waiter of the node (a workload arrived). */
    void wake(KeyId node) {
        List<Waiter> waiters = waiting.get(node);
        if (waiters != null) {
            waiters.forEach(Waiter::fire);
        }
    }

    int count() {
        return waiting.values().stream().mapToInt(List::size).sum();
    }

    private void remove(Waiter waiter) {
        waiting.computeIfPresent(waiter.node, (k, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }

    /** Answers every waiter now (the server is stopping), then stops the threads. */
    @Override
    public void close() {
        waiting.values().forEach(list -> list.forEach(Waiter::fire));
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
