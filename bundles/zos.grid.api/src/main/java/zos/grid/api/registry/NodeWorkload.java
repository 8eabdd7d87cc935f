package zos.grid.api.registry;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.model.WorkloadEntry;

/** A workload entry with the node it is for. */
public record NodeWorkload(KeyId node, WorkloadEntry entry) {
}
