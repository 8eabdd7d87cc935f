package zos.grid.api.model;

import java.time.Instant;

/**
 * A workload as the registry keeps it for its node: the node's cursor (1, 2, 3... per node, never
 * reused), when it arrived, and the node's result once reported (null before).
 */
public record WorkloadEntry(long cursor, Instant created, Workload workload, WorkloadResult result, Instant reported) {
    public WorkloadEntry {
        Check.positive("cursor", cursor);
        Check.present("created", created);
        Check.present("workload", workload);
        if ((result == null) != (reported == null)) {
            throw new ValidationException("reported", "given exactly when a result is");
        }
    }
}
