package zos.networkd.shell.internal;

import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import zos.networkd.api.ports.PortLease;
import zos.networkd.api.ports.PortLeases;
import zos.networkd.api.ports.PortRange;

@Service
@Command(scope = "zos", name = "ports", description = "Lists the WireGuard listen-port leases (port, holder, how "
        + "and since when), the reserved ports, the range the node chooses from, and what the last reconciliation "
        + "with the running devices found.")
public class PortsCommand implements Action {

    static final String SERVICE_ABSENT =
            "Port leases not available: component zos.networkd.ports is not active — see zos:status";

    @Reference(optional = true)
    PortLeases leases;

    @Override
    public Object execute() {
        PortLeases current = leases;
        if (current == null) {
            System.err.println(SERVICE_ABSENT);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("PORT").alignRight();
        table.column("HOLDER");
        table.column("ORIGIN");
        table.column("SINCE");
        for (PortLease lease : current.leases()) {
            table.addRow().addContent(lease.port(), lease.holder(), lease.origin().name().toLowerCase(),
                    lease.since().toString());
        }
        table.emptyTableText("no leases").print(System.out);
        System.out.println("chosen from: " + current.choiceRange());
        System.out.println("reserved:    " + current.usedPorts().reserved().stream().map(PortRange::toString)
                .collect(Collectors.joining(", ")));
        if (!current.problems().isEmpty()) {
            System.out.println("reconciliation with the running WireGuard devices:");
            current.problems().forEach(p -> System.out.println("  " + p));
        }
        return null;
    }
}
