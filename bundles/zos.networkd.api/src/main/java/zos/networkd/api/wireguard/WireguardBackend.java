package zos.networkd.api.wireguard;

/** The two implementations of WireGuard behind {@link WireguardService}. */
public enum WireguardBackend {
    /** The kernel module, configured over the generic netlink {@code wireguard} family. */
    KERNEL,
    /** {@code wireguard-go} processes, supervised, configured over their UAPI unix sockets. */
    USERSPACE
}
