package zos.networkd.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import zos.networkd.api.wireguard.DeviceState;
import zos.networkd.api.wireguard.PeerState;
import zos.networkd.api.wireguard.WireguardService;

@Service
@Command(scope = "zos", name = "wg", description = "Shows the node's WireGuard devices: public key, listen port, "
        + "where socket and interface live, and per peer the endpoint, handshake age and bytes received and sent. "
        + "Never a private key.")
public class WireguardCommand implements Action {

    static final String SERVICE_ABSENT =
            "WireGuard service not available: component zos.networkd.wireguard is not active — see zos:status";

    @Reference(optional = true)
    WireguardService wireguard;

    @Argument(index = 0, name = "name", required = false, description = "Show only the device with this name")
    @Completion(WireguardNameCompleter.class)
    String name;

    @Override
    public Object execute() {
        WireguardService current = wireguard;
        if (current == null) {
            System.err.println(SERVICE_ABSENT);
            return null;
        }
        List<String> names = current.names();
        if (name != null) {
            if (!current.exists(name)) {
                System.err.println("No WireGuard device named '" + name + "' (devices: " + names + ")");
                return null;
            }
            names = List.of(name);
        }
        if (names.isEmpty()) {
            System.out.println("no WireGuard devices (backend " + current.backend().name().toLowerCase() + ")");
            return null;
        }
        Instant now = Instant.now();
        for (String device : names) {
            print(current, device, now, System.out);
        }
        return null;
    }

    static void print(WireguardService service, String device, Instant now, PrintStream out) {
        DeviceState state;
        try {
            state = service.state(device);
        } catch (RuntimeException e) {
            out.println("device " + device + ": unreadable: " + e.getMessage());
            out.println();
            return;
        }
        out.println("device " + state.name() + " (" + state.backend().name().toLowerCase()
                + (state.pid() == 0 ? "" : ", pid " + state.pid()) + ")");
        out.println("  public key:     " + state.publicKey());
        out.println("  listening port: " + state.listenPort());
        out.println("  socket netns:   " + WireguardFormat.namespace(state.spec().socketNamespace()));
        out.println("  interface netns: " + WireguardFormat.namespace(state.spec().interfaceNamespace()));
        ShellTable table = new ShellTable();
        table.column("PEER");
        table.column("ENDPOINT");
        table.column("ALLOWED IPS");
        table.column("HANDSHAKE");
        table.column("RX").alignRight();
        table.column("TX").alignRight();
        table.column("KEEPALIVE");
        for (PeerState peer : state.peers()) {
            table.addRow().addContent(peer.publicKey().base64(),
                    peer.endpoint() == null ? "-" : peer.endpoint().toString(), WireguardFormat.allowedIps(peer),
                    WireguardFormat.handshake(peer, now), WireguardFormat.bytes(peer.rxBytes()),
                    WireguardFormat.bytes(peer.txBytes()), WireguardFormat.keepalive(peer.persistentKeepalive()));
        }
        table.emptyTableText("no peers").print(out);
        out.println();
    }
}
