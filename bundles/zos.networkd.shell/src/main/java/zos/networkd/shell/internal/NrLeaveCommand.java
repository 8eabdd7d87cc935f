package zos.networkd.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import zos.networkd.api.mesh.NetworkResourceManager;

@Service
@Command(scope = "zos", name = "nr-leave", description = "Detaches a workload from a network resource: its veth (and "
        + "with it the interface in the workload's namespace) is removed; the namespace itself stays.")
public class NrLeaveCommand extends NetworkResourceAction {

    @Argument(index = 1, name = "workload-id", required = true, description = "The workload's id")
    String workloadId;

    @Override
    void run(NetworkResourceManager current) {
        if (current.leave(network, workloadId)) {
            System.out.println("workload " + workloadId + " left network " + network);
        } else {
            System.err.println("No workload '" + workloadId + "' attached to network '" + network + "'");
        }
    }

    @Override
    String done() {
        return "detached";
    }
}
