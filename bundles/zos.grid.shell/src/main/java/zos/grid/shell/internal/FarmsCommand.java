package zos.grid.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import zos.grid.api.model.Farm;
import zos.grid.api.model.Node;
import zos.grid.api.registry.RegistryView;

@Service
@Command(scope = "grid", name = "farms", description = "Lists the farms registered with this grid registry, their farmer and node count.")
public class FarmsCommand extends RegistryCommand {

    @Override
    void run(RegistryView current) {
        var nodes = current.nodes();
        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("NAME");
        table.column("FARMER");
        table.column("NODES").alignRight();
        for (Farm farm : current.farms()) {
            long count = nodes.stream().map(Node::farmId).filter(id -> id == farm.id()).count();
            table.addRow().addContent(farm.id(), farm.name(), farm.farmer().text(), count);
        }
        table.emptyTableText("no farms").print(System.out);
    }
}
