package zos.grid.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import zos.grid.api.model.Node;
import zos.grid.api.registry.RegistryView;

/** Completes the ids of registered nodes. */
@Service
public class NodeIdCompleter implements Completer {

    @Reference(optional = true)
    RegistryView registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        RegistryView current = registry;
        if (current != null) {
            for (Node node : current.nodes()) {
                ids.getStrings().add(node.id().text());
            }
        }
        return ids.complete(session, commandLine, candidates);
    }
}
