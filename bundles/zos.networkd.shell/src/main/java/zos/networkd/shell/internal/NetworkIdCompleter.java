package zos.networkd.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import zos.networkd.api.mesh.NetworkResourceManager;
import zos.networkd.api.mesh.NrStatus;

/** Completes the ids of the node's network resources. */
@Service
public class NetworkIdCompleter implements Completer {

    @Reference(optional = true)
    NetworkResourceManager mesh;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        NetworkResourceManager current = mesh;
        if (current != null) {
            current.list().stream().map(NrStatus::networkId).forEach(ids.getStrings()::add);
        }
        return ids.complete(session, commandLine, candidates);
    }
}
