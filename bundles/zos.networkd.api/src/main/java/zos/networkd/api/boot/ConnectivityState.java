package zos.networkd.api.boot;

/** Where the node stands on its way to the Internet. */
public enum ConnectivityState {
    /** Looking for a NIC with a DHCP lease and a default gateway, or waiting to reach the registry. */
    PROBING,
    /** A TCP connection to the registry succeeds through the default route. */
    ONLINE,
    /** It was online and lost the registry or its lease; it keeps trying and keeps what it has. */
    DEGRADED,
    /** The node's NICs are not managed here (manageOwnNamespace is off): reading only. */
    UNMANAGED
}
