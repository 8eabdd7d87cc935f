package zos.networkd.api.mesh;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's network resources. Each is kept in a file on the node: after an update, a restart or
 * a reboot the manager reconciles every one (keeps what is intact, rebuilds what is gone, with the
 * same port and key) before it takes new work.
 *
 * <p>Errors: {@link IllegalArgumentException} for a declaration that cannot be (checked before
 * anything changes), {@link NetworkResourceException} for one that could not be made; either way
 * the node is left as it was before the call.
 */
@ProviderType
public interface NetworkResourceManager {

    /**
     * Brings the node to the declaration: creates the resource, or changes what differs (peers are
     * changed in place, without dropping the tunnel); an unchanged declaration touches nothing. A
     * failure midway removes what this call made. The range and subnet of an existing resource do
     * not change: delete it first.
     */
    ApplyResult apply(NetworkResource resource);

    /** Removes the resource: namespace, links, rules, WireGuard device (and process), port lease, record. */
    boolean delete(String networkId);

    /** Every resource, by network id. */
    List<NrStatus> list();

    Optional<NrStatus> status(String networkId);

    /** The layout (names) a resource of this network has or would have on this node. */
    NrLayout layoutOf(String networkId);

    /**
     * Attaches a workload's namespace: a veth from the resource's bridge into it with an address
     * of the subnet (and the ULA), a default route via the gateway, and an IPv6 default route only
     * where the node has IPv6. Joining again with the same request changes nothing.
     */
    Workload join(String networkId, Workload.Request request);

    /** Detaches a workload; false when it was not attached. */
    boolean leave(String networkId, String workloadId);
}
