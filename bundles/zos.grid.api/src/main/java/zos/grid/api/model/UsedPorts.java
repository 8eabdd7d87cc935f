package zos.grid.api.model;

import java.util.List;
import java.util.TreeSet;

/** The WireGuard listen ports a node has in use: users pick another one for a new network resource. */
public record UsedPorts(List<Integer> ports) {
    public UsedPorts {
        ports = Check.list("ports", ports, 65535);
        for (int i = 0; i < ports.size(); i++) {
            Check.port("ports[" + i + "]", ports.get(i));
        }
        // one order, no repeats: a set stored and compared as such
        ports = List.copyOf(new TreeSet<>(ports));
    }
}
