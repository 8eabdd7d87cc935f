package zos.grid.shell.internal;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.registry.NodeWorkload;
import zos.grid.api.registry.RegistryView;

@Service
@Command(scope = "grid", name = "workloads", description = "Lists workloads, newest first: node and cursor, user, network, operation, and the node's result.")
public class WorkloadsCommand extends RegistryCommand {

    @Option(name = "--user", aliases = "-u", description = "Only the workloads of this user id")
    String user;

    @Option(name = "--node", aliases = "-n", description = "Only the workloads of this node id")
    String node;

    @Option(name = "--limit", aliases = "-l", description = "Show at most this many (default 50)")
    int limit = 50;

    @Override
    void run(RegistryView current) {
        KeyId userId;
        KeyId nodeId;
        try {
            userId = user == null ? null : KeyId.parse(user);
            nodeId = node == null ? null : KeyId.parse(node);
        } catch (IllegalArgumentException e) {
            System.err.println("--user/--node: " + e.getMessage());
            return;
        }
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("NODE");
        table.column("CURSOR").alignRight();
        table.column("USER");
        table.column("NETWORK");
        table.column("OPERATION");
        table.column("CREATED");
        table.column("RESULT");
        table.column("MESSAGE");
        int shown = 0;
        for (NodeWorkload workload : current.workloads(userId, nodeId == null ? limit : Integer.MAX_VALUE)) {
            if (nodeId != null && !workload.node().equals(nodeId)) {
                continue;
            }
            if (shown++ >= limit) {
                break;
            }
            WorkloadEntry entry = workload.entry();
            table.addRow().addContent(workload.node().abbreviated(), entry.cursor(), entry.workload().user().abbreviated(),
                    entry.workload().resource().netId() + " " + entry.workload().resource().subnet(),
                    entry.workload().operation().wireName(), GridFormat.ago(entry.created(), now),
                    entry.result() == null ? "pending" : entry.result().state().wireName(),
                    entry.result() == null ? "-" : entry.result().message());
        }
        table.emptyTableText("no workloads").print(System.out);
    }
}
