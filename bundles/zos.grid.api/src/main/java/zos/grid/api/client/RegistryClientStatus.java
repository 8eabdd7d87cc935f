package zos.grid.api.client;

import java.net.URI;
import java.time.Instant;

/**
 * What the node's registry client knows of its registry.
 *
 * @param registry the registry's URL
 * @param nodeId this node's id
 * @param farmId the farm it registers with, null when the node has none
 * @param registered whether the registry has accepted the node's registration since start
 * @param lastSync when a request to the registry last succeeded, null when none did
 * @param lastError the last failure (named request and reason), null when the last request succeeded
 * @param queuedResults workload results waiting on disk for the registry
 * @param cursor the workload cursor the node polls from (persisted)
 * @param publicConfigVersion the version of the farmer's public config last seen, 0 when none
 * @param interfacesPublished when the NIC inventory was last published, null when never
 */
public record RegistryClientStatus(URI registry, String nodeId, String farmId, boolean registered, Instant lastSync,
        String lastError, int queuedResults, long cursor, long publicConfigVersion, Instant interfacesPublished) {
}
