package zos.networkd.api.provision;

import java.time.Instant;

/**
 * What the node keeps about a network provisioned on it: who owns it and the last definition
 * applied. Kept after a delete (a tombstone) so that an older definition replayed later is refused.
 *
 * @param networkId the network
 * @param owner the user who created it on this node (base58 key id); only this user may change it
 * @param version the version last applied
 * @param cursor the registry cursor of the workload that applied it
 * @param deleted whether that workload deleted it
 * @param time when it was applied
 */
public record ProvisionedNetwork(String networkId, String owner, long version, long cursor, boolean deleted,
        Instant time) {
}
