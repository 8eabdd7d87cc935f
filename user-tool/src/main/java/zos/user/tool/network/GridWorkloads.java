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

    /** The results that came (in the order asked) and the nodes that said nothing in time. */
    record Answers(Map<KeyId, WorkloadResult> results, Map<KeyId, Long> silent, Duration timeout) {
        /** Names the silent nodes and their workloads; null when all answered. */
        String silence() {
            if (silent.isEmpty()) {
                return null;
            }
            List<String> names = silent.entrySet().stream().map(e -> e.getKey() + " (workload " + e.getValue() + ")").toList();
            return "timed out after " + timeout.toSeconds() + " s: no result from node" + (names.size() == 1 ? " " : "s ")
                    + String.join(", ", names);
        }
    }

    /** Waits until every node reported on its workload (node → cursor), at most {@code timeout}. */
    Answers await(Map<KeyId, Long> cursors, Duration timeout) throws NetworkException {
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
                if (results.size() == cursors.size() || !clock.instant().isBefore(deadline)) {
                    Map<KeyId, WorkloadResult> ordered = new LinkedHashMap<>();
                    Map<KeyId, Long> silent = new LinkedHashMap<>();
                    cursors.forEach((node, cursor) -> {
                        if (results.containsKey(node)) {
                            ordered.put(node, results.get(node));
                        } else {
                            silent.put(node, cursor);
                        }
                    });
                    return new Answers(ordered, silent, timeout);
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
}
