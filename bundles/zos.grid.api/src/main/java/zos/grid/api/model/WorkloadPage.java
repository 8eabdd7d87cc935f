package zos.grid.api.model;

import java.util.List;

/**
 * The answer to a workload poll: entries with a cursor after the one asked for, oldest first;
 * {@code cursor} is the one to ask from next; {@code more} tells that more are waiting already.
 */
public record WorkloadPage(List<WorkloadEntry> workloads, long cursor, boolean more) {
    public WorkloadPage {
        workloads = List.copyOf(workloads);
        if (cursor < 0) {
            throw new ValidationException("cursor", "must not be negative");
        }
    }
}
