package zos.networkd.testlab;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Polls a condition until it holds. For "shows up within 1 s" where an event has no other way to
 * be awaited; the timeout is a bound on waiting, not an assertion about speed.
 */
public final class Wait {
    /** The step {@link #until(Duration, Callable, String)} polls with. */
    public static final Duration DEFAULT_STEP = Duration.ofMillis(20);

    private Wait() {
    }

    /** {@link #until(Duration, Duration, Callable, String)} polling every 20 ms. */
    public static void until(Duration timeout, Callable<Boolean> condition, String what) {
        until(timeout, DEFAULT_STEP, condition, what);
    }

    /**
     * Evaluates {@code condition} every {@code step} until it returns true; an exception counts as
     * "not yet". Evaluates it once more at the deadline.
     *
     * @throws AssertionError naming {@code what} (and the last exception as cause) on timeout
     */
    public static void until(Duration timeout, Duration step, Callable<Boolean> condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                lastFailure = null;
            } catch (Exception e) {
                lastFailure = e;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                AssertionError timedOut = new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
                if (lastFailure != null) {
                    timedOut.initCause(lastFailure);
                }
                throw timedOut;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(step.toMillis(), (remaining + 999_999) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
