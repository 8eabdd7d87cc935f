package zos.networkd.mesh.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over a network resource's parts. Every part is checked first; in {@link Mode#REPAIR} a
 * part that is missing or wrong is made right (and noted as a change), in {@link Mode#INSPECT} it
 * is only noted as a problem. What a repair creates registers how to undo it, so that a failure
 * midway can take back exactly what this pass made.
 */
final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    enum Mode {
        REPAIR, INSPECT
    }

    private record Undo(String what, Runnable action) {
    }

    private final Mode mode;
    private final List<String> changes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Deque<Undo> undo = new ArrayDeque<>();
    private final List<String> timings = new ArrayList<>();
    /** What the WireGuard device reported during this pass, if it was asked. */
    private zos.networkd.api.wireguard.DeviceState device;
    /** Namespaces and links this pass created: their state is known (fresh), no need to read it back. */
    private final java.util.Set<String> made = new java.util.HashSet<>();

    Session(Mode mode) {
        this.mode = mode;
    }

    static Session repair() {
        return new Session(Mode.REPAIR);
    }

    static Session inspect() {
        return new Session(Mode.INSPECT);
    }

    boolean repairing() {
        return mode == Mode.REPAIR;
    }

    /**
     * Makes sure of one part: nothing happens when {@code fine} holds; otherwise {@code fix} runs
     * (repair) or {@code what} is noted (inspect). Returns whether the part is right afterwards.
     */
    boolean ensure(String what, BooleanSupplier fine, Runnable fix) {
        if (fine.getAsBoolean()) {
            return true;
        }
        if (mode == Mode.INSPECT) {
            problems.add(what);
            return false;
        }
        long start = System.nanoTime();
        fix.run();
        timings.add(what + " " + (System.nanoTime() - start) / 100_000 / 10.0 + " ms");
        changes.add(what);
        return true;
    }

    /** Notes how long something that is not a repair step took, for the debug log. */
    void timed(String what, long nanos) {
        timings.add(what + " " + nanos / 100_000 / 10.0 + " ms");
    }

    /** How long each repair took, for the debug log. */
    List<String> timings() {
        return List.copyOf(timings);
    }

    void device(zos.networkd.api.wireguard.DeviceState state) {
        device = state;
    }

    /** The device's state as this pass last saw it, null when it did not ask. */
    zos.networkd.api.wireguard.DeviceState device() {
        return device;
    }

    /** Notes that this pass created a namespace or link. */
    void made(String name) {
        made.add(name);
    }

    /** Whether this pass created it: then it has nothing this pass did not give it. */
    boolean fresh(String name) {
        return made.contains(name);
    }

    /** {@code check}, unless {@code name} is fresh: then the part is known to be missing. */
    BooleanSupplier unlessFresh(String name, BooleanSupplier check) {
        return made.contains(name) ? () -> false : check;
    }

    void changed(String what) {
        changes.add(what);
    }

    void problem(String what) {
        problems.add(what);
    }

    /** Registers how to take back something this pass made; run newest first by {@link #rollBack}. */
    void onUndo(String what, Runnable action) {
        undo.push(new Undo(what, action));
    }

    /** Takes back what this pass made; failures to do so are added to {@code failure} as suppressed. */
    void rollBack(Throwable failure) {
        while (!undo.isEmpty()) {
            Undo u = undo.pop();
            try {
                u.action().run();
            } catch (RuntimeException e) {
                LOG.warn("undoing '{}' failed: {}", u.what(), e.getMessage());
                failure.addSuppressed(e);
            }
        }
    }

    List<String> changes() {
        return List.copyOf(changes);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }
}
