package zos.user.tool.network;

import zos.grid.api.crypto.KeyId;
import zos.networkd.api.host.Cidr;

/**
 * A node's network resource as the planner sees it once the node reported: its /24, its WireGuard
 * public key and the endpoint others dial ({@code ""} when it has none: a hidden node).
 */
public record MeshMember(KeyId node, Cidr subnet, String publicKey, String endpoint) {
    public MeshMember {
        if (node == null || subnet == null || publicKey == null || endpoint == null) {
            throw new IllegalArgumentException("a mesh member needs node, subnet, public key and endpoint ('' for none)");
        }
    }

    /** Reachable by others: it reported an endpoint. */
    public boolean isPublic() {
        return !endpoint.isEmpty();
    }
}
