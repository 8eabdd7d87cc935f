package zos.networkd.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import zos.networkd.api.wireguard.WireguardService;

/** Completes the names of the WireGuard devices. */
@Service
public class WireguardNameCompleter implements Completer {

    @Reference(optional = true)
    WireguardService wireguard;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        WireguardService current = wireguard;
        if (current != null) {
            names.getStrings().addAll(current.names());
        }
        return names.complete(session, commandLine, candidates);
    }
}
