package zos.grid.registry.internal;

import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import javax.sql.DataSource;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import com.google.gson.JsonElement;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SealedSecrets;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.FarmRegistration;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.Node;
import zos.grid.api.model.Operation;
import zos.grid.api.model.UserRegistration;
import zos.grid.api.model.WorkloadPage;
import zos.networkd.api.host.Cidr;

/**
 * The real registry server (servlet in Jetty, H2 in a file) for the node client's tests, on a
 * fixed port of the test namespace's loopback so that it can be stopped and started again at the
 * same URL with the same records; and a farmer and a user to talk to it.
 */
public final class LabRegistry implements AutoCloseable {
    private final H2Database database = new H2Database();
    private final DataSource dataSource = database.freshDatabase();
    private final int port;
    private Server jetty;
    private RegistryServer server;

    public LabRegistry(int port) throws Exception {
        this.port = port;
        start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/grid");
    }

    public synchronized void start() throws Exception {
        server = new RegistryServer(dataSource, RegistrySettings.defaults(), Clock.systemUTC());
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setReuseAddress(true);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder("zos-grid-registry", server.servlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/grid/*");
        jetty.setHandler(context);
        jetty.start();
    }

    public synchronized void stop() throws Exception {
        server.close();
        jetty.stop();
    }

    private GridTestClient client() {
        return new GridTestClient(base());
    }

    /** Registers a farm of {@code farmer} and returns its id. */
    public long registerFarm(SigningKey farmer, String name) {
        GridTestClient.Reply reply = client().signed(farmer, "POST", "/farms", GridJson.toJson(new FarmRegistration(name)));
        check(reply);
        return reply.json().getAsJsonObject().get("id").getAsLong();
    }

    public void registerUser(SigningKey user, String name) {
        check(client().signed(user, "POST", "/users", GridJson.toJson(new UserRegistration(name))));
    }

    /** Posts a deploy workload of {@code user} for {@code node}, whose agreement key seals the WireGuard key. */
    public void postWorkload(SigningKey user, KeyId node, byte[] agreementKey, String netId) {
        NetworkResource resource = new NetworkResource("office", netId, Cidr.parse("10.10.0.0/16"),
                Cidr.parse("10.10.1.0/24"), SealedSecrets.sealTo(node, agreementKey, new byte[0], new byte[32]),
                Base64.getEncoder().encodeToString(new byte[32]), 51820, List.of(), 1);
        JsonElement body = GridJson.toJson(GridJson.signWorkload(user, node, Operation.DEPLOY, resource));
        check(client().signed(user, "POST", "/reservations/workloads", body));
    }

    /** The farmer sets the node's public config (the registry versions it). */
    public void setPublicConfig(SigningKey farmer, KeyId node, zos.grid.api.model.PublicConfig config) {
        check(client().signed(farmer, "PUT", "/nodes/" + node + "/public_config", GridJson.toJson(config)));
    }

    public Node node(KeyId node) {
        GridTestClient.Reply reply = client().get("/nodes/" + node);
        check(reply);
        return GridJson.node(reply.json());
    }

    public WorkloadPage workloads(KeyId node) {
        GridTestClient.Reply reply = client().get("/reservations/workloads/" + node + "?from=0&limit=1000");
        check(reply);
        return GridJson.workloadPage(reply.json());
    }

    private static void check(GridTestClient.Reply reply) {
        if (reply.status() / 100 != 2) {
            throw new IllegalStateException("registry answered " + reply.status() + ": " + reply.body());
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        database.close();
    }
}
