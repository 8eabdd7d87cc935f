package zos.user.tool.network;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.Node;
import zos.grid.api.model.Operation;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadResult;
import zos.user.tool.Registry;

/**
 * The registry I/O of network operations: node records, signed workloads, and waiting for their
 * results. The registry answers a workload's result only when asked (no long-poll on results), so
 * waiting polls each pending workload, first every 20 ms and slowing to every 250 ms: a node that
 * answers quickly is seen within a few tens of milliseconds.
 */
final class GridWorkloads {
    private static final Duration FIRST_POLL = Duration.ofMillis(20);
    private static final Duration SLOWEST_POLL = Duration.ofMillis(250);

    private final Registry registry;
    private final SigningKey user;
    private final Clock clock;
    private Duration waited = Duration.ZERO;
    private int sent;

    GridWorkloads(Registry registry, SigningKey user, Clock clock) {
        this.registry = registry;
        this.user = user;
        this.clock = clock;
    }

    KeyId user() {
        return user.id();
    }

    /** Time spent waiting for results so far. */
    Duration waited() {
        return waited;
    }

    int sent() {
        return sent;
    }

    Node node(KeyId id) throws NetworkException {
        try {
            return GridJson.node(registry.get("nodes/" + id));
        } catch (Registry.Failure e) {
            throw new NetworkException("node " + id + ": " + e.getMessage());
        }
    }

    /** Signs and submits a workload; returns its cursor in the node's queue. */
    long submit(KeyId node, Operation operation, NetworkResource resource) throws NetworkException {
        JsonElement body = GridJson.toJson(GridJson.signWorkload(user, node, operation, resource));
        try {
            JsonElement entry = registry.signed(user, "POST", "reservations/workloads", body);
            sent++;
            return GridJson.workloadEntry(entry).cursor();
        } catch (Registry.Failure e) {
            throw new NetworkException("node " + node + ": " + operation.wireName() + " of version " + resource.version()
                    + " not accepted: " + e.getMessage());
        }
    }

    WorkloadEntry entry(KeyId node, long cursor) throws NetworkException {
        try {
            return GridJson.workloadEntry(registry.get("reservations/workloads/" + node + "/" + cursor));
        } catch (Registry.Failure e) {
            throw new NetworkException("node " + node + ": workload " + cursor + ": " + e.getMessage());
        }
    }

    /**
     * Waits until every node reported on its workload (node → cursor), at most {@code timeout};
     * returns the results in the given order.
     *
     * @throws NetworkException naming the nodes that did not answer in time
     */
    Map<KeyId, WorkloadResult> await(Map<KeyId, Long> cursors, Duration timeout) throws NetworkException {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        Map<KeyId, WorkloadResult> results = new LinkedHashMap<>();
        Duration pause = FIRST_POLL;
        try {
            while (true) {
                for (Map.Entry<KeyId, Long> pending : cursors.entrySet()) {
                    if (!results.containsKey(pending.getKey())) {
                        WorkloadEntry entry = entry(pending.getKey(), pending.getValue());
                        if (entry.result() != null) {
                            results.put(pending.getKey(), entry.result());
                        }
                    }
                }
                if (results.size() == cursors.size()) {
                    return orderedAs(cursors, results);
                }
                if (!clock.instant().isBefore(deadline)) {
                    List<String> silent = cursors.keySet().stream().filter(n -> !results.containsKey(n))
                            .map(n -> n + " (workload " + cursors.get(n) + ")").toList();
                    throw new NetworkException("timed out after " + timeout.toSeconds() + " s: no result from node"
                            + (silent.size() == 1 ? " " : "s ") + String.join(", ", silent));
                }
                try {
                    Thread.sleep(Math.min(pause.toMillis(), Math.max(1, Duration.between(clock.instant(), deadline).toMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NetworkException("interrupted while waiting for nodes " + cursors.keySet());
                }
                pause = pause.multipliedBy(3).dividedBy(2);
                if (pause.compareTo(SLOWEST_POLL) > 0) {
                    pause = SLOWEST_POLL;
                }
            }
        } finally {
            waited = waited.plus(Duration.between(start, clock.instant()));
        }
    }

    private static Map<KeyId, WorkloadResult> orderedAs(Map<KeyId, Long> cursors, Map<KeyId, WorkloadResult> results) {
        Map<KeyId, WorkloadResult> ordered = new LinkedHashMap<>();
        cursors.keySet().forEach(n -> ordered.put(n, results.get(n)));
        return ordered;
    }
}
