package zos.networkd.shell.internal;

import java.net.InetAddress;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.mesh.NetworkResourceManager;
import zos.networkd.api.mesh.Workload;

@Service
@Command(scope = "zos", name = "nr-join", description = "Attaches a workload's network namespace (it must exist, e.g. "
        + "made with 'ip netns add') to a network resource: a veth from the resource's bridge into it as eth0, the "
        + "lowest free address of the subnet (or --address), its ULA, a default route via <subnet>.1. Joining again "
        + "with the same arguments changes nothing.")
public class NrJoinCommand extends NetworkResourceAction {

    @Argument(index = 1, name = "workload-id", required = true, description = "The workload's id (1-64 letters, digits, "
            + "'_', '.', '-')")
    String workloadId;

    @Argument(index = 2, name = "namespace", required = true, description = "The workload's named network namespace")
    String namespace;

    @Option(name = "--address", description = "The IPv4 address it gets (in the resource's subnet); default: the lowest free one")
    String address;

    @Override
    void run(NetworkResourceManager current) {
        InetAddress asked = address == null ? null : IpAddresses.parse(address);
        Workload joined = current.join(network, new Workload.Request(workloadId, namespace, null, asked));
        System.out.println("workload " + joined.workloadId() + " joined network " + network + ": "
                + joined.interfaceName() + " in " + joined.namespace() + " with " + joined.address() + " and "
                + joined.ula() + " (host side " + joined.hostLink() + ")");
    }

    @Override
    String done() {
        return "joined";
    }
}
