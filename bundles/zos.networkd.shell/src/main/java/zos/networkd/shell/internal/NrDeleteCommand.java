package zos.networkd.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import zos.networkd.api.mesh.NetworkResourceManager;

@Service
@Command(scope = "zos", name = "nr-delete", description = "Deletes a network resource: its namespace, bridge, veths, "
        + "nftables table, WireGuard device (and wireguard-go), port lease and record. Workloads attached to it lose "
        + "their interface.")
public class NrDeleteCommand implements Action {

    @Reference(optional = true)
    NetworkResourceManager mesh;

    @Argument(index = 0, name = "id", required = true, description = "The network id")
    @Completion(NetworkIdCompleter.class)
    String id;

    @Override
    public Object execute() {
        NetworkResourceManager current = mesh;
        if (current == null) {
            System.err.println(NetworksCommand.SERVICE_ABSENT);
            return null;
        }
        try {
            if (current.delete(id)) {
                System.out.println("network resource " + id + " deleted");
            } else {
                System.err.println("No network resource '" + id + "' on this node");
            }
        } catch (RuntimeException e) {
            System.err.println("Not deleted: " + e.getMessage());
        }
        return null;
    }
}
