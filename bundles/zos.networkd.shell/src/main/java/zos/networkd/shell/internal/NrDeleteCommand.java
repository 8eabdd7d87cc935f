package zos.networkd.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import zos.networkd.api.mesh.NetworkResourceManager;

@Service
@Command(scope = "zos", name = "nr-delete", description = "Deletes a network resource: its namespace, bridge, veths, "
        + "nftables table, WireGuard device (and wireguard-go), port lease and record. Workloads attached to it lose "
        + "their interface.")
public class NrDeleteCommand extends NetworkResourceAction {

    @Override
    void run(NetworkResourceManager current) {
        if (current.delete(network)) {
            System.out.println("network resource " + network + " deleted");
        } else {
            System.err.println("No network resource '" + network + "' on this node");
        }
    }

    @Override
    String done() {
        return "deleted";
    }
}
