package zos.grid.api.model;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.MacAddress;

/**
 * A NIC as a node publishes it: name, link-layer address (null when it has none), addresses with
 * their prefix, and the default gateways reached through it.
 */
public record Interface(String name, MacAddress mac, List<Cidr> addresses, List<InetAddress> gateways) {
    public static final int MAX_ADDRESSES = 256;

    public Interface {
        Check.interfaceName("name", name);
        addresses = Check.list("addresses", addresses, MAX_ADDRESSES);
        gateways = Check.list("gateways", gateways, 16);
        if (new HashSet<>(addresses).size() != addresses.size()) {
            throw new ValidationException("addresses", "lists an address twice");
        }
    }

    /** Checks that no two interfaces share a name; returns an unmodifiable copy. */
    public static List<Interface> set(List<Interface> interfaces) {
        List<Interface> copy = Check.list("interfaces", interfaces, 1024);
        HashSet<String> names = new HashSet<>();
        for (int i = 0; i < copy.size(); i++) {
            if (!names.add(copy.get(i).name())) {
                throw new ValidationException("[" + i + "].name", "'" + copy.get(i).name() + "' appears twice");
            }
        }
        return copy;
    }
}
