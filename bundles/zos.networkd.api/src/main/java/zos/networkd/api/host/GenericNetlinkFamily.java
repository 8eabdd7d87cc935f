package zos.networkd.api.host;

import java.util.Map;

/**
 * A generic netlink family as the kernel's {@code nlctrl} resolves it.
 *
 * @param name family name, e.g. {@code wireguard}
 * @param id the message type to address it with
 * @param version its version
 * @param headerSize size of its own header after the generic one
 * @param maxAttribute highest attribute type it knows
 * @param multicastGroups its multicast groups by name
 */
public record GenericNetlinkFamily(String name, int id, int version, int headerSize, int maxAttribute,
        Map<String, Integer> multicastGroups) {
    public GenericNetlinkFamily {
        multicastGroups = Map.copyOf(multicastGroups);
    }
}
