package zos.networkd.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import zos.networkd.api.nics.Nic;
import zos.networkd.api.nics.NicInventory;

@Service
@Command(scope = "zos", name = "nics", description = "Lists the node's NICs: the physical ones, or every interface with --all.")
public class NicsCommand implements Action {

    static final String INVENTORY_ABSENT =
            "NIC inventory not available: component zos.networkd.nics is not active — see zos:status";

    // optional: the command must stay usable (and say why it cannot answer) while the nics bundle is down or updating
    @Reference(optional = true)
    NicInventory inventory;

    @Option(name = "--all", aliases = "-a", description = "Every interface of the node's namespace except loopback, not only the physical NICs")
    boolean all;

    @Option(name = "--json", description = "Print a JSON array with every field instead of a table")
    boolean json;

    @Argument(index = 0, name = "name", required = false, description = "Show only the interface with this name")
    @Completion(NicNameCompleter.class)
    String name;

    @Override
    public Object execute() {
        NicInventory current = inventory;
        if (current == null) {
            System.err.println(INVENTORY_ABSENT);
            return null;
        }
        List<Nic> nics;
        if (name != null) {
            nics = current.nic(name).map(List::of).orElse(List.of());
            if (nics.isEmpty()) {
                System.err.println("No interface named '" + name + "' (zos:nics --all lists them all)");
                return null;
            }
        } else {
            nics = all ? current.nics() : current.physicalNics();
        }
        if (json) {
            System.out.println(NicFormat.toJson(nics));
        } else {
            printTable(nics, all || name != null, System.out);
        }
        return null;
    }

    private static void printTable(List<Nic> nics, boolean withPhysicalColumn, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("NAME");
        table.column("KIND");
        if (withPhysicalColumn) {
            table.column("PHYSICAL");
        }
        table.column("MAC");
        table.column("STATE");
        table.column("CARRIER");
        table.column("MTU").alignRight();
        table.column("MASTER");
        table.column("ADDRESSES");
        table.column("GATEWAY");
        for (Nic nic : nics) {
            var row = table.addRow();
            row.addContent(nic.name(), nic.kind());
            if (withPhysicalColumn) {
                row.addContent(NicFormat.yesNo(nic.physical()));
            }
            row.addContent(NicFormat.mac(nic), NicFormat.state(nic), NicFormat.yesNo(nic.carrier()), nic.mtu(),
                    NicFormat.orDash(nic.master()), NicFormat.addresses(nic), NicFormat.gateways(nic));
        }
        table.emptyTableText("no NICs").print(out);
    }
}
