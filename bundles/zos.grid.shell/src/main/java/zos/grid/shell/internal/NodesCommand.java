package zos.grid.shell.internal;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import zos.grid.api.model.Node;
import zos.grid.api.registry.RegistryView;

@Service
@Command(scope = "grid", name = "nodes", description = "Lists the nodes registered with this grid registry: id, farm, host name, NICs, last contact.")
public class NodesCommand extends RegistryCommand {

    @Option(name = "--farm", aliases = "-f", description = "Only the nodes of this farm id")
    Long farm;

    @Override
    void run(RegistryView current) {
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("FARM").alignRight();
        table.column("HOSTNAME");
        table.column("VERSION");
        table.column("NICS").alignRight();
        table.column("USED PORTS");
        table.column("PUBLIC CONFIG");
        table.column("LAST SEEN");
        for (Node node : current.nodes()) {
            if (farm != null && node.farmId() != farm) {
                continue;
            }
            table.addRow().addContent(node.id().text(), node.farmId(), node.hostname(), node.version(), node.interfaces().size(),
                    GridFormat.ports(node.usedPorts().ports()), GridFormat.publicConfig(node.publicConfig()),
                    GridFormat.ago(node.lastSeen(), now));
        }
        table.emptyTableText("no nodes").print(System.out);
    }
}
