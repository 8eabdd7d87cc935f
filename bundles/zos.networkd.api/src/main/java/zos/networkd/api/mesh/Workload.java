package zos.networkd.api.mesh;

import java.net.InetAddress;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.Names;

/**
 * A workload attached to a network resource: a veth pair from the resource's bridge into the
 * workload's namespace.
 *
 * @param workloadId who it is (1-64 letters, digits, '_', '.', '-')
 * @param namespace the workload's (named) network namespace
 * @param interfaceName the interface inside it
 * @param hostLink the veth end on the resource's bridge, in the node's namespace
 * @param address its IPv4 address in the resource's subnet
 * @param ula its IPv6 ULA
 * @param ipv6DefaultRoute whether it got an IPv6 default route (only where the node has IPv6)
 */
public record Workload(String workloadId, String namespace, String interfaceName, String hostLink, Cidr address,
        Cidr ula, boolean ipv6DefaultRoute) {

    /** What a workload asks for: {@code address} null lets the manager pick the lowest free one. */
    public record Request(String workloadId, String namespace, String interfaceName, InetAddress address) {
        public Request {
            if (workloadId == null || !workloadId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException("workload id '" + workloadId
                        + "': 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
            }
            Names.checkNamespaceName(namespace);
            interfaceName = interfaceName == null || interfaceName.isBlank() ? "eth0" : interfaceName;
            Names.checkInterfaceName(interfaceName);
        }

        public static Request of(String workloadId, String namespace) {
            return new Request(workloadId, namespace, null, null);
        }
    }
}
