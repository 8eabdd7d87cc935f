package zos.networkd.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import zos.networkd.api.nics.Nic;
import zos.networkd.api.nics.NicInventory;

/** Completes the names of every interface the inventory knows (not only the physical ones). */
@Service
public class NicNameCompleter implements Completer {

    @Reference(optional = true)
    NicInventory inventory;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        NicInventory current = inventory;
        if (current != null) {
            for (Nic nic : current.nics()) {
                names.getStrings().add(nic.name());
            }
        }
        return names.complete(session, commandLine, candidates);
    }
}
