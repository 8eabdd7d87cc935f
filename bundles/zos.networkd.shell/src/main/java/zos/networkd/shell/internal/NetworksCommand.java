package zos.networkd.shell.internal;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import zos.networkd.api.mesh.NetworkResourceManager;
import zos.networkd.api.mesh.NrStatus;

@Service
@Command(scope = "zos", name = "networks", description = "Lists the node's network resources: network, subnet, "
        + "WireGuard port and public key, peers with a recent handshake, workloads, the namespace and WireGuard "
        + "interface they got, and whether all their parts are in place. See zos:network <id> for one in detail.")
public class NetworksCommand extends MeshAction {


    @Override
    Object execute(NetworkResourceManager current) {
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("NETWORK");
        table.column("NAME");
        table.column("SUBNET");
        table.column("PORT").alignRight();
        table.column("PUBLIC KEY");
        table.column("PEERS UP");
        table.column("WORKLOADS").alignRight();
        table.column("NAMESPACE");
        table.column("WIREGUARD");
        table.column("STATE");
        for (NrStatus s : current.list()) {
            table.addRow().addContent(s.networkId(), s.resource().name(), s.resource().subnet(), s.listenPort(),
                    s.publicKey().base64(), MeshFormat.peersUp(s, now), s.workloads().size(), s.layout().namespace(),
                    s.layout().wireguard(), MeshFormat.state(s));
        }
        table.emptyTableText("no network resources").print(System.out);
        return null;
    }
}
