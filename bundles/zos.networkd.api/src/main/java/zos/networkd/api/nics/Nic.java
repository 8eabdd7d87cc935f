package zos.networkd.api.nics;

import java.net.InetAddress;
import java.util.List;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.MacAddress;
import zos.networkd.api.host.OperState;

/**
 * A network interface of the node as the inventory sees it.
 *
 * @param name interface name
 * @param index interface index
 * @param mac link-layer address, null when it has none
 * @param kind link kind ({@code device} for a hardware NIC, {@code veth}, {@code bridge}...)
 * @param physical whether it counts as one of the node's own NICs (configurable)
 * @param adminUp administratively up
 * @param carrier has carrier
 * @param operState operational state
 * @param mtu MTU
 * @param master name of the bridge it is enslaved to, null when none
 * @param addresses its addresses (IPv4 first, then IPv6; each as CIDR)
 * @param gateway4 IPv4 default gateway through this interface, null when none
 * @param gateway6 IPv6 default gateway through this interface, null when none
 */
public record Nic(String name, int index, MacAddress mac, String kind, boolean physical, boolean adminUp,
        boolean carrier, OperState operState, int mtu, String master, List<Cidr> addresses, InetAddress gateway4,
        InetAddress gateway6) {

    public Nic {
        addresses = List.copyOf(addresses);
    }
}
