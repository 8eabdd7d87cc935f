package zos.networkd.shell.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import zos.grid.api.client.RegistryClient;
import zos.grid.api.client.RegistryClientStatus;

@Service
@Command(scope = "zos", name = "registry", description = "The node's registry client: URL, node id, farm, last "
        + "successful sync, last error, queued results, workload cursor.")
public class RegistryCommand implements Action {
    static final String CLIENT_ABSENT = "Registry client not active: it starts once the node is online "
            + "(component zos.networkd.registry waits for Connectivity) — see zos:boot and zos:status";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @Reference(optional = true)
    RegistryClient client;

    @Override
    public Object execute() {
        RegistryClient current = client;
        if (current == null) {
            System.err.println(CLIENT_ABSENT);
            return null;
        }
        RegistryClientStatus s = current.status();
        Instant now = Instant.now();
        System.out.println("Registry:        " + (s.registry() == null ? "-" : s.registry()));
        System.out.println("Node id:         " + s.nodeId());
        System.out.println("Farm:            " + (s.farmId() == null ? "-" : s.farmId()));
        System.out.println("Registered:      " + (s.registered() ? "yes" : "no"));
        System.out.println("Last sync:       " + when(s.lastSync(), now));
        System.out.println("Last error:      " + (s.lastError() == null ? "-" : s.lastError()));
        System.out.println("NICs published:  " + when(s.interfacesPublished(), now));
        System.out.println("Queued results:  " + s.queuedResults());
        System.out.println("Workload cursor: " + s.cursor());
        System.out.println("Public config:   " + (s.publicConfigVersion() == 0 ? "none" : "version " + s.publicConfigVersion()));
        return null;
    }

    private static String when(Instant at, Instant now) {
        return at == null ? "never" : CLOCK.format(at) + " (" + BootCommand.age(at, now) + " ago)";
    }
}
