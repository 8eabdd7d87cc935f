package zos.networkd.api.nics;

import java.util.List;
import java.util.Set;

/**
 * One change of the inventory.
 *
 * @param nics the inventory after the change
 * @param added names that appeared
 * @param removed names that disappeared
 * @param changed names whose state changed
 * @param generation the inventory's generation after the change
 */
public record NicChange(List<Nic> nics, Set<String> added, Set<String> removed, Set<String> changed,
        long generation) {
    public NicChange {
        nics = List.copyOf(nics);
        added = Set.copyOf(added);
        removed = Set.copyOf(removed);
        changed = Set.copyOf(changed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
}
