package zos.networkd.shell.internal;

import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import zos.grid.api.model.ResultData;
import zos.networkd.api.provision.ProvisionEntry;
import zos.networkd.api.provision.ProvisionLog;

@Service
@Command(scope = "zos", name = "workloads", description = "Lists the recent workloads the registry handed this node and "
        + "the result it reported for each: cursor, network, operation, user, version, state, what was done (created, "
        + "changed, unchanged, deleted, absent), port, the endpoints reported and the message (the exact reason of an "
        + "error).")
public class WorkloadsCommand implements Action {

    static final String SERVICE_ABSENT =
            "Provisioning not available: component zos.networkd.provision is not active — see zos:status";

    @Reference(optional = true)
    ProvisionLog provisioning;

    @Option(name = "--json", description = "Print a JSON array with every field (and all result data) instead of a table")
    boolean json;

    @Override
    public Object execute() {
        ProvisionLog current = provisioning;
        if (current == null) {
            System.err.println(SERVICE_ABSENT);
            return null;
        }
        List<ProvisionEntry> entries = current.recent();
        if (json) {
            System.out.println(toJson(entries));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("CURSOR").alignRight();
        table.column("NETWORK");
        table.column("OPERATION");
        table.column("USER");
        table.column("VERSION").alignRight();
        table.column("STATE");
        table.column("OUTCOME");
        table.column("PORT").alignRight();
        table.column("ENDPOINTS");
        table.column("TIME");
        table.column("MESSAGE");
        for (ProvisionEntry e : entries) {
            String endpoints = String.join(" ", e.data().entrySet().stream()
                    .filter(d -> d.getKey().equals(ResultData.ENDPOINT_IPV4) || d.getKey().equals(ResultData.ENDPOINT_IPV6))
                    .map(d -> d.getValue()).toList());
            table.addRow().addContent(e.cursor(), e.networkId(), e.operation(), abbreviated(e.user()), e.version(),
                    e.state(), e.data().getOrDefault(ResultData.OUTCOME, "-"),
                    e.data().getOrDefault(ResultData.WG_LISTEN_PORT, "-"), endpoints.isEmpty() ? "-" : endpoints,
                    e.time().truncatedTo(ChronoUnit.SECONDS), e.message());
        }
        table.emptyTableText("no workloads handled yet").print(System.out);
        return null;
    }

    /** A user id is 44 base58 characters: the first ten tell users apart in a table. */
    private static String abbreviated(String user) {
        return user.length() <= 12 ? user : user.substring(0, 10) + "…";
    }

    static String toJson(List<ProvisionEntry> entries) {
        JsonArray out = new JsonArray();
        for (ProvisionEntry e : entries) {
            JsonObject o = new JsonObject();
            o.addProperty("cursor", e.cursor());
            o.addProperty("network", e.networkId());
            o.addProperty("operation", e.operation());
            o.addProperty("user", e.user());
            o.addProperty("version", e.version());
            o.addProperty("state", e.state());
            o.addProperty("message", e.message());
            JsonObject data = new JsonObject();
            e.data().forEach(data::addProperty);
            o.add("data", data);
            o.addProperty("received", e.received().toString());
            o.addProperty("time", e.time().toString());
            out.add(o);
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(out);
    }
}
