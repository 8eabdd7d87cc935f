package zos.networkd.wireguard.internal;

import java.util.List;

import zos.networkd.api.host.HostNetworkException;
import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.host.LinkSpec;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;
import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.WireguardBackend;
import zos.networkd.api.wireguard.WireguardException;

/**
 * Kernel WireGuard: a link of kind {@code wireguard} created in the socket's namespace (its UDP
 * socket stays there when the link moves), configured and read over the generic netlink
 * {@code wireguard} family on a socket in the namespace where the interface is.
 */
final class KernelBackend implements Backend {
    private final HostNetworking host;
    private volatile int familyId = -1;

    KernelBackend(HostNetworking host) {
        this.host = host;
    }

    @Override
    public WireguardBackend kind() {
        return WireguardBackend.KERNEL;
    }

    private NetworkNamespace namespace(String name) {
        return name == null ? host.ownNamespace() : host.namespace(name);
    }

    /** Generic netlink family ids are global to the kernel: resolved once. */
    private int family(NetworkNamespace ns) {
        int id = familyId;
        if (id < 0) {
            id = ns.genericFamily(WireguardNetlink.FAMILY).id();
            familyId = id;
        }
        return id;
    }

    @Override
    public ProcessIdentity create(DeviceSpec spec) {
        try {
            namespace(spec.socketNamespace()).createLink(LinkSpec.wireguard(spec.name()));
            return null;
        } catch (HostNetworkException e) {
            throw new WireguardException(spec.name(), "create", e.getMessage(), e);
        }
    }

    @Override
    public void apply(DeviceRecord record, String namespace, ConfigDelta delta) {
        NetworkNamespace ns = namespace(namespace);
        int id = family(ns);
        try {
            for (NetlinkMessageWriter message : WireguardNetlink.set(id, record.name(), delta)) {
                ns.genericRequest(message, false, "configure WireGuard device '" + record.name() + "'");
            }
        } catch (HostNetworkException e) {
            throw new WireguardException(record.name(), "configure", e.getMessage(), e);
        }
    }

    @Override
    public DeviceReading read(DeviceRecord record, String namespace) {
        NetworkNamespace ns = namespace(namespace);
        try {
            List<NetlinkMessage> replies = ns.genericRequest(WireguardNetlink.get(family(ns), record.name()), true,
                    "read WireGuard device '" + record.name() + "'");
            return WireguardNetlink.parseGet(replies);
        } catch (HostNetworkException e) {
            throw new WireguardException(record.name(), "read", e.getMessage(), e);
        }
    }

    @Override
    public boolean isRunning(DeviceRecord record) {
        return namespace(record.spec().interfaceNamespace()).link(record.name())
                .map(l -> "wireguard".equals(l.kind())).orElse(false);
    }

    @Override
    public void destroy(DeviceRecord record) {
        DeviceSpec spec = record.spec();
        for (String where : new String[] {spec.interfaceNamespace(), spec.socketNamespace()}) {
            if ((where == null || host.namespaceExists(where)) && namespace(where).link(spec.name()).isPresent()) {
                namespace(where).deleteLink(spec.name());
            }
        }
    }
}
