package zos.networkd.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import zos.networkd.api.mesh.MeshAddressing;
import zos.networkd.api.mesh.MeshPeer;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.NetworkResourceManager;
import zos.networkd.api.mesh.NrLayout;
import zos.networkd.api.mesh.NrStatus;
import zos.networkd.api.mesh.Workload;
import zos.networkd.api.nftables.NftFamily;
import zos.networkd.api.nftables.NftablesService;
import zos.networkd.api.wireguard.PeerState;
import zos.networkd.api.wireguard.PublicKey;

@Service
@Command(scope = "zos", name = "network", description = "Shows one network resource: its addresses, where its parts "
        + "live on the node (namespace, bridge, veths, WireGuard interface: names unique on the machine, derived "
        + "from the node and the network id), its peers with endpoint, handshake age and bytes received and sent, "
        + "its workloads, and anything missing. Never a private key.")
public class NetworkCommand extends MeshAction {


    @Reference(optional = true)
    NftablesService nft;

    @Argument(index = 0, name = "id", required = true, description = "The network id")
    @Completion(NetworkIdCompleter.class)
    String id;

    @Option(name = "--rules", description = "Also print the resource's nftables table")
    boolean rules;

    @Override
    Object execute(NetworkResourceManager current) {
        Optional<NrStatus> status = current.status(id);
        if (status.isEmpty()) {
            System.err.println("No network resource '" + id + "' on this node (it would get the names of "
                    + current.layoutOf(id).namespace() + ")");
            return null;
        }
        print(status.get(), Instant.now(), System.out);
        if (rules) {
            NftablesService tables = nft;
            NrLayout l = status.get().layout();
            System.out.println();
            System.out.println(tables == null ? "(nftables service not available)"
                    : tables.show(l.namespace(), NftFamily.INET, l.nftTable()).orElse("(no table inet " + l.nftTable() + ")"));
        }
        return null;
    }

    static void print(NrStatus s, Instant now, PrintStream out) {
        NetworkResource r = s.resource();
        NrLayout l = s.layout();
        out.println("network " + r.networkId() + (r.name().isEmpty() ? "" : " (" + r.name() + ")"));
        out.println("  range:          " + r.ipRange() + ", this node's subnet " + r.subnet());
        out.println("  gateway:        " + MeshAddressing.gateway(r.subnet()) + ", "
                + MeshAddressing.gatewayUla(r.networkId(), r.subnet()) + ", fe80::1");
        out.println("  wireguard:      " + MeshAddressing.wireguardAddress(r.subnet()) + ", port " + s.listenPort()
                + (r.listenPort() == 0 ? " (chosen by the node)" : ""));
        out.println("  public key:     " + s.publicKey());
        out.println("  applied:        " + s.appliedAt());
        out.println("  state:          " + (s.problems().isEmpty() ? "ok" : String.join("; ", s.problems())));
        ShellTable layout = new ShellTable();
        layout.column("PART");
        layout.column("NAME");
        layout.column("WHERE");
        layout.addRow().addContent("namespace", l.namespace(), "-");
        layout.addRow().addContent("workload bridge", l.bridge(), "node");
        layout.addRow().addContent("bridge port", l.bridgePort(), "node");
        layout.addRow().addContent("gateway", l.gateway(), l.namespace());
        layout.addRow().addContent("uplink (node side)", l.uplinkNode(), "node");
        layout.addRow().addContent("uplink", l.uplink(), l.namespace());
        layout.addRow().addContent("WireGuard", l.wireguard(), "socket: node, interface: " + l.namespace());
        layout.addRow().addContent("nftables", "inet " + l.nftTable(), l.namespace());
        layout.print(out);

        Map<PublicKey, PeerState> live = s.peers().stream().collect(Collectors.toMap(PeerState::publicKey,
                Function.identity(), (x, y) -> x));
        ShellTable peers = new ShellTable();
        peers.column("PEER");
        peers.column("SUBNET");
        peers.column("ENDPOINT");
        peers.column("HANDSHAKE");
        peers.column("RX").alignRight();
        peers.column("TX").alignRight();
        peers.column("KEEPALIVE");
        peers.column("UP");
        for (MeshPeer p : r.peers()) {
            PeerState state = live.get(p.publicKey());
            String endpoint = state != null && state.endpoint() != null ? state.endpoint().toString()
                    : p.endpoint() == null ? "- (it reaches us)" : p.endpoint().toString();
            peers.addRow().addContent(p.publicKey().base64(), p.subnet() == null ? "-" : p.subnet(), endpoint,
                    state == null ? "?" : WireguardFormat.handshake(state, now),
                    state == null ? "?" : WireguardFormat.bytes(state.rxBytes()),
                    state == null ? "?" : WireguardFormat.bytes(state.txBytes()),
                    WireguardFormat.keepalive(p.persistentKeepalive()),
                    state != null && MeshFormat.up(state, now) ? "yes" : "no");
        }
        peers.emptyTableText("no peers").print(out);

        ShellTable workloads = new ShellTable();
        workloads.column("WORKLOAD");
        workloads.column("NAMESPACE");
        workloads.column("INTERFACE");
        workloads.column("ADDRESS");
        workloads.column("ULA");
        workloads.column("IPV6 DEFAULT");
        workloads.column("BRIDGE PORT");
        for (Workload w : s.workloads()) {
            workloads.addRow().addContent(w.workloadId(), w.namespace(), w.interfaceName(), w.address(), w.ula(),
                    w.ipv6DefaultRoute() ? "yes" : "no (node without IPv6)", w.hostLink());
        }
        workloads.emptyTableText("no workloads").print(out);
    }
}
