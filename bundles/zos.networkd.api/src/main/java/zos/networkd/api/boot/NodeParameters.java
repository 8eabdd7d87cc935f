package zos.networkd.api.boot;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import zos.networkd.api.host.Cidr;

/**
 * The node's boot parameters: kernel command line first, then configuration.
 *
 * @param farmId the farm the node belongs to, null when not given
 * @param registry the grid registry's URL, null when not given
 * @param runMode {@code dev}, {@code test} or {@code prod}
 * @param bootNic a NIC forced for booting, null to choose
 * @param vlan a VLAN id to use on the boot NIC, 0 for none
 * @param staticAddress a static IPv4 address for farms without DHCP, null for DHCP
 * @param staticGateway its gateway, null with DHCP
 * @param problems unknown or malformed parameters, each named with the reason; never fatal
 */
public record NodeParameters(String farmId, URI registry, String runMode, String bootNic, int vlan,
        Cidr staticAddress, InetAddress staticGateway, List<String> problems) {
    public NodeParameters {
        problems = List.copyOf(problems);
    }
}
