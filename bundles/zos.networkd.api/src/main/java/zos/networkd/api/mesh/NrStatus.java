package zos.networkd.api.mesh;

import java.time.Instant;
import java.util.List;

import zos.networkd.api.wireguard.PeerState;
import zos.networkd.api.wireguard.PublicKey;

/**
 * A network resource as it is on the node. Holds no private key: only the public key leaves the node.
 *
 * @param resource the declaration last applied (its sealed key, if any, left out)
 * @param layout names and uplink slot
 * @param publicKey the WireGuard public key
 * @param listenPort the leased listen port
 * @param peers the WireGuard peers as the device reports them (endpoint, handshake, bytes), empty
 *        when the device could not be read (see {@code problems})
 * @param workloads attached workloads
 * @param appliedAt when the declaration was last applied
 * @param problems what is wrong with it now, empty when it is whole
 */
public record NrStatus(NetworkResource resource, NrLayout layout, PublicKey publicKey, int listenPort,
        List<PeerState> peers, List<Workload> workloads, Instant appliedAt, List<String> problems) {

    public NrStatus {
        peers = List.copyOf(peers);
        workloads = List.copyOf(workloads);
        problems = List.copyOf(problems);
    }

    public String networkId() {
        return resource.networkId();
    }
}
