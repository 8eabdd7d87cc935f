package zos.networkd.api.wireguard;

import java.util.List;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.Names;

/**
 * Where a WireGuard device lives. It is created in {@code socketNamespace}, where its UDP socket
 * listens for good (the node's uplink), then its interface is moved into
 * {@code interfaceNamespace} (a network resource's namespace), where it gets its addresses and
 * routes. The two may be the same.
 *
 * @param name interface name, unique on the machine (userspace devices share one control socket
 *        directory across namespaces)
 * @param socketNamespace named namespace of the UDP socket, null for the node's own
 * @param interfaceNamespace named namespace of the interface, null for the node's own
 * @param addresses addresses put on the interface (e.g. {@code 100.64.1.2/16})
 * @param routes destinations routed into the interface (e.g. the whole network's range)
 * @param mtu the interface's MTU, 0 for the default (1420)
 */
public record DeviceSpec(String name, String socketNamespace, String interfaceNamespace, List<Cidr> addresses,
        List<Cidr> routes, int mtu) {

    public DeviceSpec {
        Names.checkInterfaceName(name);
        if (socketNamespace != null) {
            Names.checkNamespaceName(socketNamespace);
        }
        if (interfaceNamespace != null) {
            Names.checkNamespaceName(interfaceNamespace);
        }
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        routes = routes == null ? List.of() : routes.stream().map(Cidr::network).distinct().toList();
        if (mtu != 0 && (mtu < 1280 || mtu > 65535)) {
            throw new IllegalArgumentException("WireGuard device '" + name + "': MTU " + mtu
                    + " out of 1280..65535 (0 for the default)");
        }
    }

    /** A device whose socket and interface stay in one namespace, without addresses. */
    public static DeviceSpec in(String name, String namespace) {
        return new DeviceSpec(name, namespace, namespace, List.of(), List.of(), 0);
    }

    /** A device created in {@code socketNamespace} and moved into {@code interfaceNamespace}. */
    public static DeviceSpec moved(String name, String socketNamespace, String interfaceNamespace) {
        return new DeviceSpec(name, socketNamespace, interfaceNamespace, List.of(), List.of(), 0);
    }

    public DeviceSpec withAddresses(List<Cidr> newAddresses) {
        return new DeviceSpec(name, socketNamespace, interfaceNamespace, newAddresses, routes, mtu);
    }

    public DeviceSpec withRoutes(List<Cidr> newRoutes) {
        return new DeviceSpec(name, socketNamespace, interfaceNamespace, addresses, newRoutes, mtu);
    }

    public boolean moves() {
        return socketNamespace == null ? interfaceNamespace != null : !socketNamespace.equals(interfaceNamespace);
    }
}
