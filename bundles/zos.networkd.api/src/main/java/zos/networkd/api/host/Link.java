package zos.networkd.api.host;

/**
 * A network interface as the kernel reports it.
 *
 * @param index interface index in its namespace
 * @param name interface name
 * @param kind the {@code rtnl_link_ops} kind ({@code bridge}, {@code veth}, {@code macvlan},
 *        {@code vlan}, {@code wireguard}, {@code tun}...), {@value #KIND_DEVICE} for a link without
 *        one (a hardware NIC), {@value #KIND_LOOPBACK} for {@code lo}
 * @param mac link-layer address, null when the link has none (e.g. WireGuard)
 * @param mtu MTU
 * @param adminUp whether it is administratively up ({@code IFF_UP})
 * @param carrier whether it has carrier ({@code IFLA_CARRIER})
 * @param operState operational state
 * @param masterIndex index of the bridge (or bond) it is enslaved to, 0 when none
 * @param parentIndex the link it sits on ({@code IFLA_LINK}: a veth's peer, a vlan's or macvlan's
 *        parent), 0 when none; when {@code parentInOtherNamespace}, the index is in another
 *        namespace
 * @param parentInOtherNamespace whether {@code parentIndex} refers to another namespace
 *        ({@code IFLA_LINK_NETNSID} present)
 * @param vlanId the VLAN id of a vlan link, 0 otherwise
 * @param macvlanMode the mode of a macvlan link, null otherwise
 */
public record Link(int index, String name, String kind, MacAddress mac, int mtu, boolean adminUp, boolean carrier,
        OperState operState, int masterIndex, int parentIndex, boolean parentInOtherNamespace, int vlanId,
        MacvlanMode macvlanMode) {

    public static final String KIND_DEVICE = "device";
    public static final String KIND_LOOPBACK = "loopback";

    public boolean isLoopback() {
        return KIND_LOOPBACK.equals(kind);
    }

    public boolean hasMaster() {
        return masterIndex != 0;
    }
}
