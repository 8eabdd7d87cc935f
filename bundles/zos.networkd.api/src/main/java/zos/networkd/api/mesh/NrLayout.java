package zos.networkd.api.mesh;

/**
 * Where a network resource lives on the node: the names its parts have (unique on the machine:
 * derived from a hash of the node and the network id, with one letter per kind, so several nodes
 * sharing a machine never collide) and the addresses of its link to the node.
 *
 * @param namespace the resource's network namespace
 * @param bridge the workloads' bridge, in the node's namespace
 * @param bridgePort the node-side end of the gateway's veth, a port of {@code bridge}
 * @param gateway the gateway's end in the resource's namespace ({@code <subnet>.1}, the ULA ::1, fe80::1)
 * @param uplinkNode the node-side end of the resource's uplink veth
 * @param uplink the resource-side end of it (its default route, masqueraded)
 * @param wireguard the WireGuard interface (socket in the node's namespace, interface in the resource's)
 * @param nftTable the nftables table (family inet) in the resource's namespace
 * @param uplinkIndex which slot of the node's uplink range the resource's uplink addresses are in
 */
public record NrLayout(String namespace, String bridge, String bridgePort, String gateway, String uplinkNode,
        String uplink, String wireguard, String nftTable, int uplinkIndex) {
}
