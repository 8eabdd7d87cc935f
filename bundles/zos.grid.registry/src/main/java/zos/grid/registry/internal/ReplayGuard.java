package zos.grid.registry.internal;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers the signatures of accepted writes until they leave the signature window, so that the
 * same signed request is accepted once. (Every signature carries a random nonce, so two honest
 * requests never share one.) Kept in memory: after a restart, a request signed within the window
 * before it could be replayed once; writes are idempotent, so that replays an effect, not a new one.
 */
final class ReplayGuard {
    private final Map<ByteBuffer, Long> seen = new ConcurrentHashMap<>();
    private final long keepMillis;
    private final int maxEntries;
    private final AtomicInteger untilSweep = new AtomicInteger();

    /**
     * @param keepMillis how long after its {@code created} a signature can still be accepted
     *                   (window age plus allowed clock lead): it is remembered that long
     */
    ReplayGuard(long keepMillis, int maxEntries) {
        this.keepMillis = keepMillis;
        this.maxEntries = maxEntries;
    }

    /**
     * True the first time a signature is presented; false for a replay.
     *
     * @throws RegistryException 503 when so many signatures are live that the guard is full
     */
    boolean firstUse(byte[] signature, Instant created, Instant now) {
        if (untilSweep.incrementAndGet() >= 10_000 || seen.size() >= maxEntries) {
            sweep(now);
            if (seen.size() >= maxEntries) {
                throw RegistryException.unavailable("too many signed requests in the signature window; retry later");
            }
        }
        long expires = created.toEpochMilli() + keepMillis;
        return seen.putIfAbsent(ByteBuffer.wrap(signature.clone()), expires) == null;
    }

    int size() {
        return seen.size();
    }

    private void sweep(Instant now) {
        untilSweep.set(0);
        long limit = now.toEpochMilli();
        for (Iterator<Map.Entry<ByteBuffer, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() < limit) {
                it.remove();
            }
        }
    }
}
