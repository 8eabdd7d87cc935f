package zos.networkd.api.ports;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The ports a client must not pick on this node (what the registry publishes).
 *
 * @param leased ports leased to network resources (or adopted from running devices)
 * @param reserved ports of other node services, from configuration
 * @param generation grows with every change
 */
public record UsedPorts(SortedSet<Integer> leased, List<PortRange> reserved, long generation) {
    public UsedPorts {
        leased = Collections.unmodifiableSortedSet(new TreeSet<>(leased));
        reserved = List.copyOf(reserved);
    }

    public boolean isUsed(int port) {
        return leased.contains(port) || reserved.stream().anyMatch(r -> r.contains(port));
    }
}
