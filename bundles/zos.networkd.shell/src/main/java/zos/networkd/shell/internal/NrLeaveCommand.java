package zos.networkd.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import zos.networkd.api.mesh.NetworkResourceManager;

@Service
@Command(scope = "zos", name = "nr-leave", description = "Detaches a workload from a network resource: its veth (and "
        + "with it the interface in the workload's namespace) is removed; the namespace itself stays.")
public class NrLeaveCommand implements Action {

    @Reference(optional = true)
    NetworkResourceManager mesh;

    @Argument(index = 0, name = "network", required = true, description = "The network id")
    @Completion(NetworkIdCompleter.class)
    String network;

    @Argument(index = 1, name = "workload-id", required = true, description = "The workload's id")
    String workloadId;

    @Override
    public Object execute() {
        NetworkResourceManager current = mesh;
        if (current == null) {
            System.err.println(NetworksCommand.SERVICE_ABSENT);
            return null;
        }
        try {
            if (current.leave(network, workloadId)) {
                System.out.println("workload " + workloadId + " left network " + network);
            } else {
                System.err.println("No workload '" + workloadId + "' attached to network '" + network + "'");
            }
        } catch (RuntimeException e) {
            System.err.println("Not detached: " + e.getMessage());
        }
        return null;
    }
}
