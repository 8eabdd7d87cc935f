package zos.grid.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.Interface;
import zos.grid.api.model.Node;
import zos.grid.api.registry.RegistryView;

@Service
@Command(scope = "grid", name = "node", description = "Shows one node as the registry knows it: registration, NICs with MAC and addresses, used ports, the farmer's public configuration.")
public class NodeCommand extends RegistryCommand {

    @Argument(index = 0, name = "id", required = true, description = "The node id (base58 of its ed25519 key)")
    @Completion(NodeIdCompleter.class)
    String id;

    @Option(name = "--json", description = "Print the node as the API returns it")
    boolean json;

    @Override
    void run(RegistryView current) {
        KeyId key;
        try {
            key = KeyId.parse(id);
        } catch (IllegalArgumentException e) {
            System.err.println("'" + id + "' is " + e.getMessage());
            return;
        }
        Optional<Node> found = current.node(key);
        if (found.isEmpty()) {
            System.err.println("No node " + id + " is registered (grid:nodes lists them)");
            return;
        }
        if (json) {
            System.out.println(GridJson.toPrettyText(GridJson.toJson(found.get())));
        } else {
            print(found.get(), System.out);
        }
    }

    static void print(Node node, PrintStream out) {
        Instant now = Instant.now();
        out.println("Node           " + node.id());
        out.println("Farm           " + node.farmId());
        out.println("Hostname       " + node.hostname());
        out.println("Version        " + node.version());
        out.println("Agreement key  " + Base64.getEncoder().encodeToString(node.agreementKey().publicKey())
                + (node.agreementKey().isSignedBy(node.id()) ? " (signed by the node)" : " (SIGNATURE DOES NOT HOLD)"));
        out.println("Registered     " + node.registered());
        out.println("Last seen      " + node.lastSeen() + " (" + GridFormat.ago(node.lastSeen(), now) + ")");
        out.println("Used ports     " + GridFormat.ports(node.usedPorts().ports()));
        out.println("Public config  " + GridFormat.publicConfig(node.publicConfig()));
        out.println();
        ShellTable table = new ShellTable();
        table.column("NIC");
        table.column("MAC");
        table.column("ADDRESSES");
        table.column("GATEWAYS");
        for (Interface nic : node.interfaces()) {
            table.addRow().addContent(nic.name(), nic.mac() == null ? "-" : nic.mac().text(), GridFormat.addresses(nic),
                    GridFormat.gateways(nic));
        }
        table.emptyTableText("no NICs published").print(out);
    }
}
