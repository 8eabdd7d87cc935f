package zos.grid.api.client;

import org.osgi.annotation.versioning.ConsumerType;

import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadResult;

/**
 * Whiteboard: turns a workload the registry holds for this node into its result. Called in cursor
 * order, one at a time; the user's signature has been checked already. Must be idempotent: after a
 * restart a workload whose result was not yet stored is handed over again.
 */
@ConsumerType
@FunctionalInterface
public interface WorkloadHandler {
    WorkloadResult handle(WorkloadEntry entry);
}
