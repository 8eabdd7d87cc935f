package zos.grid.registry.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zos.grid.registry.internal.RegistryFixtures.nic;
import static zos.grid.registry.internal.RegistryFixtures.registration;
import static zos.grid.registry.internal.RegistryFixtures.workload;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import zos.grid.api.crypto.AgreementKeyPair;
import zos.grid.api.crypto.SealedSecrets;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.AgreementKey;
import zos.grid.api.model.FarmRegistration;
import zos.grid.api.model.Interface;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.Node;
import zos.grid.api.model.NodeRegistration;
import zos.grid.api.model.Operation;
import zos.grid.api.model.PublicConfig;
import zos.grid.api.model.ResultState;
import zos.grid.api.model.UsedPorts;
import zos.grid.api.model.UserRegistration;
import zos.grid.api.model.Workload;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.MacAddress;
import zos.networkd.testlab.ForkNamespace;

/**
 * The registry server's suite: a real server (the servlet in Jetty) over real HTTP on a real
 * database. Subclasses pick the database; every test runs on each.
 */
abstract class RegistryContract {

    /** The database kind of the subclass (started once per class). */
    protected abstract TestDatabase database();

    protected DataSource dataSource;
    protected RunningRegistry server;
    protected GridTestClient client;

    protected final SigningKey farmer = SigningKey.generate();
    protected final SigningKey node = SigningKey.generate();
    protected final SigningKey otherNode = SigningKey.generate();
    protected final SigningKey user = SigningKey.generate();
    protected long farmId;

    @BeforeEach
    void startRegistry() throws Exception {
        ForkNamespace.requireLabNamespace();
        dataSource = database().freshDatabase();
        server = new RunningRegistry(dataSource, RegistrySettings.defaults(), Clock.systemUTC());
        client = new GridTestClient(server.base());
    }

    @AfterEach
    void stopRegistry() throws Exception {
        if (server != null) {
            server.close();
        }
        for (DataSource used : List.of(dataSource, migrated == null ? dataSource : migrated)) {
            if (used instanceof AutoCloseable pool) {
                pool.close();
            }
        }
    }

    /** The second database of the migration test. */
    private DataSource migrated;

    // ---- registration and NICs ----

    @Test
    void farmsAndNodesRegisterIdempotently() {
        GridTestClient.Reply first = client.signed(farmer, "POST", "/farms", GridJson.toJson(new FarmRegistration("farm one")));
        assertEquals(201, first.status(), first.body());
        long id = first.json().getAsJsonObject().get("id").getAsLong();
        GridTestClient.Reply again = client.signed(farmer, "POST", "/farms", GridJson.toJson(new FarmRegistration("farm one")));
        assertEquals(200, again.status(), again.body());
        assertEquals(id, again.json().getAsJsonObject().get("id").getAsLong());
        GridTestClient.Reply taken = client.signed(user, "POST", "/farms", GridJson.toJson(new FarmRegistration("farm one")));
        assertEquals(409, taken.status(), taken.body());
        assertEquals(farmer.id().text(), client.get("/farms/" + id).json().getAsJsonObject().get("farmer").getAsString());

        GridTestClient.Reply registered = registerNode(node, id);
        assertEquals(201, registered.status(), registered.body());
        GridTestClient.Reply reregistered = registerNode(node, id);
        assertEquals(200, reregistered.status(), reregistered.body());
        Node stored = GridJson.node(client.get("/nodes/" + node.id()).json());
        assertEquals(node.id(), stored.id());
        assertEquals(id, stored.farmId());
        assertTrue(stored.agreementKey().isSignedBy(node.id()), "the published agreement key is the node's");
        assertEquals(1, client.get("/nodes").json().getAsJsonArray().size());
        assertEquals(1, client.get("/nodes?farm=" + id).json().getAsJsonArray().size());

        assertEquals(400, registerNode(otherNode, 999).status(), "unknown farm");
        assertEquals(404, client.get("/nodes/" + otherNode.id()).status());
    }

    @Test
    void interfacesAreReplacedAsASetWithTheirMac() {
        setUpNode();
        Interface eth0 = nic("eth0", "02:5a:00:01:00:00", "198.51.100.10/24", "198.51.100.1");
        Interface eth1 = nic("eth1", "02:5a:00:01:00:01", "2001:db8:100::10/64", "fe80::1");
        assertEquals(200, publish(node, List.of(eth0, eth1)).status());
        assertEquals(List.of(eth0, eth1), nodeRecord().interfaces());

        Interface eth0Moved = nic("eth0", "02:5a:00:01:00:00", "198.51.100.11/24", "198.51.100.1");
        Interface eth2 = nic("eth2", "02:5a:00:01:00:02", "203.0.113.7/24", null);
        GridTestClient.Reply replaced = publish(node, List.of(eth2, eth0Moved));
        assertEquals(200, replaced.status(), replaced.body());
        List<Interface> now = nodeRecord().interfaces();
        assertEquals(List.of(eth0Moved, eth2), now, "eth1 gone, eth0 changed, eth2 new: exactly the set sent");
        assertEquals(MacAddress.parse("02:5a:00:01:00:02"), now.get(1).mac(), "MAC kept");
        assertEquals("02:5a:00:01:00:00", client.get("/nodes/" + node.id() + "/interfaces").json().getAsJsonArray()
                .get(0).getAsJsonObject().get("mac").getAsString());

        assertEquals(200, publish(node, List.of()).status());
        assertTrue(nodeRecord().interfaces().isEmpty());
    }

    @Test
    void usedPortsAreReplaced() {
        setUpNode();
        GridTestClient.Reply reply = client.signed(node, "PUT", "/nodes/" + node.id() + "/used_ports",
                GridJson.toJson(new UsedPorts(List.of(51821, 51820))));
        assertEquals(200, reply.status(), reply.body());
        assertEquals(List.of(51820, 51821), nodeRecord().usedPorts().ports());
        client.signed(node, "PUT", "/nodes/" + node.id() + "/used_ports", GridJson.toJson(new UsedPorts(List.of(51830))));
        assertEquals(List.of(51830), GridJson.usedPorts(client.get("/nodes/" + node.id() + "/used_ports").json()).ports());
    }

    // ---- who may write what ----

    @Test
    void unsignedForgedAndForeignWritesChangeNothing() {
        setUpNode();
        List<Interface> original = List.of(nic("eth0", "02:5a:00:01:00:00", "198.51.100.10/24", "198.51.100.1"));
        publish(node, original);
        byte[] body = GridJson.toBytes(GridJson.toJson(List.of(nic("evil0", "02:00:00:00:00:66", "192.0.2.66/24", null))));
        String path = "/nodes/" + node.id() + "/interfaces";

        GridTestClient.Reply unsigned = client.send(null, "POST", path, body, Instant.now(), h -> h);
        assertEquals(401, unsigned.status(), unsigned.body());
        assertTrue(unsigned.headers().get("accept-signature").contains("ed25519"), unsigned.headers().toString());

        GridTestClient.Reply forged = client.send(node, "POST", path, body, Instant.now(), headers -> {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            byte[] signature = Base64.getDecoder().decode(copy.get("Signature").replaceAll("^sig1=:|:$", ""));
            signature[10] ^= 0x40;
            copy.put("Signature", "sig1=:" + Base64.getEncoder().encodeToString(signature) + ":");
            return copy;
        });
        assertEquals(401, forged.status(), forged.body());
        assertTrue(forged.error().contains("does not verify"), forged.error());

        GridTestClient.Reply claimed = client.send(otherNode, "POST", path, body, Instant.now(), headers -> {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put("Signature-Input", copy.get("Signature-Input").replace(otherNode.id().text(), node.id().text()));
            return copy;
        });
        assertEquals(401, claimed.status(), "another key cannot sign as the node: " + claimed.body());

        GridTestClient.Reply foreign = client.send(otherNode, "POST", path, body, Instant.now(), h -> h);
        assertEquals(403, foreign.status(), foreign.body());
        assertTrue(foreign.error().contains(otherNode.id().text()), foreign.error());

        registerNode(otherNode, farmId);
        GridTestClient.Reply hijack = client.signed(otherNode, "POST", "/nodes", GridJson.toJson(registration(node, farmId, "hijacked")));
        assertEquals(403, hijack.status(), hijack.body());

        Node after = nodeRecord();
        assertEquals(original, after.interfaces(), "nothing changed");
        assertEquals("node1", after.hostname());
    }

    @Test
    void aReplayedRequestIsRefusedAndChangesNothing() {
        setUpNode();
        List<Interface> first = List.of(nic("eth0", "02:5a:00:01:00:00", "198.51.100.10/24", "198.51.100.1"));
        HttpRequest old = client.build(node, "POST", "/nodes/" + node.id() + "/interfaces", GridJson.toJson(first));
        assertEquals(200, client.send(old).status());
        List<Interface> second = List.of(nic("eth0", "02:5a:00:01:00:00", "198.51.100.20/24", "198.51.100.1"));
        assertEquals(200, publish(node, second).status());

        GridTestClient.Reply replay = client.send(old);
        assertEquals(401, replay.status(), replay.body());
        assertTrue(replay.error().contains("replayed"), replay.error());
        assertEquals(second, nodeRecord().interfaces(), "the replay did not bring the old set back");
    }

    @Test
    void aSignatureOutsideTheWindowIsRefused() {
        setUpNode();
        byte[] body = GridJson.toBytes(GridJson.toJson(List.of(nic("eth9", null, "192.0.2.9/24", null))));
        String path = "/nodes/" + node.id() + "/interfaces";
        GridTestClient.Reply stale = client.send(node, "POST", path, body, Instant.now().minus(Duration.ofMinutes(10)), h -> h);
        assertEquals(401, stale.status(), stale.body());
        assertTrue(stale.error().contains("older than"), stale.error());
        GridTestClient.Reply future = client.send(node, "POST", path, body, Instant.now().plus(Duration.ofMinutes(5)), h -> h);
        assertEquals(401, future.status(), future.body());
        assertTrue(future.error().contains("future"), future.error());
        assertTrue(nodeRecord().interfaces().isEmpty(), "nothing changed");
    }

    @Test
    void onlyTheNodesFarmerSetsItsPublicConfigAndEachChangeIsAVersion() {
        setUpNode();
        String path = "/nodes/" + node.id() + "/public_config";
        PublicConfig config = new PublicConfig("macvlan", "eth1", Cidr.parse("203.0.113.10/24"), IpAddresses.parse("203.0.113.1"),
                Cidr.parse("2001:db8:1::10/64"), IpAddresses.parse("2001:db8:1::1"), 0);
        SigningKey otherFarmer = SigningKey.generate();
        client.signed(otherFarmer, "POST", "/farms", GridJson.toJson(new FarmRegistration("farm two")));
        for (SigningKey intruder : List.of(node, user, otherFarmer)) {
            GridTestClient.Reply refused = client.signed(intruder, "PUT", path, GridJson.toJson(config));
            assertEquals(403, refused.status(), refused.body());
        }
        assertEquals(404, client.get(path).status(), "nothing was set");
        assertNull(nodeRecord().publicConfig());

        GridTestClient.Reply set = client.signed(farmer, "PUT", path, GridJson.toJson(config));
        assertEquals(200, set.status(), set.body());
        assertEquals(1, GridJson.publicConfig(set.json()).version());
        assertEquals(1, nodeRecord().publicConfig().version());
        assertEquals(1, GridJson.publicConfig(client.signed(farmer, "PUT", path, GridJson.toJson(config)).json()).version(),
                "the same settings again are no new version");
        PublicConfig changed = new PublicConfig("macvlan", "eth1", Cidr.parse("203.0.113.11/24"), IpAddresses.parse("203.0.113.1"),
                null, null, 0);
        assertEquals(2, GridJson.publicConfig(client.signed(farmer, "PUT", path, GridJson.toJson(changed)).json()).version());
        assertEquals(changed.withVersion(2), nodeRecord().publicConfig());
        assertEquals(403, client.signed(otherFarmer, "PUT", path, GridJson.toJson(config)).status());
        assertEquals(changed.withVersion(2), nodeRecord().publicConfig(), "the refused change changed nothing");
    }

    // ---- workloads ----

    @Test
    void cursorsArePerNodeAndFromReturnsWhatIsNewer() {
        setUpNode();
        registerNode(otherNode, farmId);
        registerUser(user);
        for (int i = 1; i <= 3; i++) {
            GridTestClient.Reply posted = postWorkload(user, node, "net" + i);
            assertEquals(201, posted.status(), posted.body());
            assertEquals(i, posted.json().getAsJsonObject().get("cursor").getAsLong());
        }
        assertEquals(1, postWorkload(user, otherNode, "other").json().getAsJsonObject().get("cursor").getAsLong(),
                "each node counts on its own");

        String base = "/reservations/workloads/" + node.id();
        assertEquals(List.of(1L, 2L, 3L), cursors(client.get(base).json()));
        assertEquals(List.of(1L, 2L, 3L), cursors(client.get(base + "?from=0").json()));
        assertEquals(List.of(3L), cursors(client.get(base + "?from=2").json()));
        JsonObject none = client.get(base + "?from=3").json().getAsJsonObject();
        assertEquals(List.of(), cursors(none));
        assertEquals(3, none.get("cursor").getAsLong());
        JsonObject page = client.get(base + "?from=0&limit=2").json().getAsJsonObject();
        assertEquals(List.of(1L, 2L), cursors(page));
        assertTrue(page.get("more").getAsBoolean());
        assertEquals(2, page.get("cursor").getAsLong());
        JsonObject rest = client.get(base + "?from=2&limit=2").json().getAsJsonObject();
        assertFalse(rest.get("more").getAsBoolean());
        assertEquals("net2", client.get(base + "/2").json().getAsJsonObject().getAsJsonObject("workload")
                .getAsJsonObject("resource").get("net_id").getAsString());

        assertEquals(400, client.get(base + "?from=-1").status());
        assertEquals("from", client.get(base + "?from=x").field());
        assertEquals("wait", client.get(base + "?wait=3600").field());
        assertEquals(404, client.get("/reservations/workloads/" + user.id()).status(), "not a node");
    }

    @Test
    void resultsArePutBackByTheNodeOnly() {
        setUpNode();
        registerNode(otherNode, farmId);
        registerUser(user);
        postWorkload(user, node, "net1");
        String result = "/reservations/workloads/" + node.id() + "/1/result";
        WorkloadResult failed = new WorkloadResult(ResultState.ERROR, "wireguard listen port already in use, pick another one",
                Map.of("port", "51820"));
        assertEquals(403, client.signed(otherNode, "PUT", result, GridJson.toJson(failed)).status());
        assertEquals(403, client.signed(user, "PUT", result, GridJson.toJson(failed)).status());
        assertTrue(client.get("/reservations/workloads/" + node.id() + "/1").json().getAsJsonObject().get("result").isJsonNull());

        GridTestClient.Reply put = client.signed(node, "PUT", result, GridJson.toJson(failed));
        assertEquals(200, put.status(), put.body());
        JsonObject entry = client.get("/reservations/workloads/" + node.id() + "/1").json().getAsJsonObject();
        assertEquals(failed, GridJson.workloadResult(entry.get("result")));
        assertFalse(entry.get("reported").isJsonNull());
        WorkloadResult ok = new WorkloadResult(ResultState.OK, "up", Map.of());
        assertEquals(200, client.signed(node, "PUT", result, GridJson.toJson(ok)).status(), "a replayed workload reports again");
        assertEquals(404, client.signed(node, "PUT", "/reservations/workloads/" + node.id() + "/9/result", GridJson.toJson(ok)).status());
    }

    @Test
    void aUserSubmitsOnlyItsOwnSignedWorkloads() {
        setUpNode();
        registerUser(user);
        SigningKey mallory = SigningKey.generate();
        registerUser(mallory);
        Workload users = workload(user, node, "net1");
        GridTestClient.Reply asOther = client.signed(mallory, "POST", "/reservations/workloads", GridJson.toJson(users));
        assertEquals(403, asOther.status(), asOther.body());

        JsonObject tampered = GridJson.toJson(users);
        tampered.getAsJsonObject("resource").addProperty("wg_listen_port", 4444);
        GridTestClient.Reply altered = client.signed(user, "POST", "/reservations/workloads", tampered);
        assertEquals(400, altered.status(), altered.body());
        assertEquals("signature", altered.field());

        SigningKey stranger = SigningKey.generate();
        GridTestClient.Reply unregistered = postWorkload(stranger, node, "net1");
        assertEquals(403, unregistered.status(), unregistered.body());
        assertEquals(0, client.get("/reservations/workloads/" + node.id()).json().getAsJsonObject().getAsJsonArray("workloads").size(),
                "nothing stored");
        GridTestClient.Reply noNode = postWorkload(user, otherNode, "net1");
        assertEquals(400, noNode.status(), noNode.body());
        assertEquals("node", noNode.field());
    }

    @Test
    void aLongPollLearnsOfANewWorkloadWithinASecond() throws Exception {
        setUpNode();
        registerUser(user);
        String poll = "/reservations/workloads/" + node.id() + "?from=0&wait=30";
        CompletableFuture<GridTestClient.Reply> waiting = CompletableFuture.supplyAsync(() -> client.get(poll));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.registry().waitingPolls() == 0) {
            assertTrue(System.nanoTime() < deadline, "the poll never started waiting");
            Thread.sleep(5);
        }
        assertFalse(waiting.isDone(), "nothing to return yet: the poll waits");
        long posted = System.nanoTime();
        assertEquals(201, postWorkload(user, node, "net1").status());
        GridTestClient.Reply reply = waiting.get(1, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posted);
        assertEquals(200, reply.status(), reply.body());
        assertEquals(List.of(1L), cursors(reply.json()));
        System.out.println(database().name() + ": long poll answered " + millis + " ms after the workload was posted");

        long start = System.nanoTime();
        GridTestClient.Reply empty = client.get("/reservations/workloads/" + node.id() + "?from=1&wait=1");
        assertEquals(List.of(), cursors(empty.json()));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(900), "waited its second");
        assertEquals(0, server.registry().waitingPolls());
    }

    // ---- bad input ----

    @Test
    void malformedBodiesAre400NamingTheField() {
        setUpNode();
        String path = "/nodes/" + node.id() + "/interfaces";
        JsonArray nics = GridJson.toJson(List.of(nic("eth0", "02:5a:00:01:00:00", "198.51.100.10/24", null),
                nic("eth1", "02:5a:00:01:00:01", "198.51.100.11/24", null)));
        nics.get(1).getAsJsonObject().addProperty("mac", "02:5a:zz");
        assertBadField(client.signed(node, "POST", path, nics), "[1].mac");
        nics = GridJson.toJson(List.of(nic("eth0", null, "198.51.100.10/24", null)));
        nics.get(0).getAsJsonObject().remove("addresses");
        assertBadField(client.signed(node, "POST", path, nics), "[0].addresses");
        assertBadField(client.send(node, "POST", path, "{not json".getBytes(StandardCharsets.UTF_8), Instant.now(), h -> h), "body");
        JsonObject registration = GridJson.toJson(registration(node, farmId, "node1"));
        registration.addProperty("hostname", "bad host!");
        assertBadField(client.signed(node, "POST", "/nodes", registration), "hostname");
        JsonObject ports = JsonParser.parseString("{\"ports\":[51820, 0]}").getAsJsonObject();
        assertBadField(client.signed(node, "PUT", "/nodes/" + node.id() + "/used_ports", ports), "ports[1]");
        assertTrue(nodeRecord().interfaces().isEmpty(), "nothing changed");
    }

    @Test
    void oversizedBodiesAre413() {
        setUpNode();
        byte[] huge = ("[" + "{\"name\":\"x\"},".repeat(30_000) + "{\"name\":\"y\"}]").getBytes(StandardCharsets.UTF_8);
        assertTrue(huge.length > RegistrySettings.defaults().maxBodyBytes());
        GridTestClient.Reply reply = client.send(node, "POST", "/nodes/" + node.id() + "/interfaces", huge, Instant.now(), h -> h);
        assertEquals(413, reply.status(), reply.body());
        assertTrue(nodeRecord().interfaces().isEmpty());
    }

    @Test
    void unknownPathsAndMethodsAreRefused() {
        assertEquals(404, client.get("/nothing").status());
        GridTestClient.Reply wrongMethod = client.send(null, "DELETE", "/farms", null, Instant.now(), h -> h);
        assertEquals(405, wrongMethod.status());
        assertEquals("GET, POST", wrongMethod.headers().get("allow"));
        assertEquals("path.node", client.get("/nodes/not-a-key").field());
    }

    // ---- the API's description and the schema's history ----

    @Test
    void theOpenApiDocumentIsServedAndCoversEveryRoute() {
        GridTestClient.Reply reply = client.get("/openapi.json");
        assertEquals(200, reply.status());
        assertArrayEquals(RegistryServlet.openApiDocument(), reply.body().getBytes(StandardCharsets.UTF_8));
        JsonObject paths = reply.json().getAsJsonObject().getAsJsonObject("paths");
        Set<String> documented = paths.keySet();
        for (String route : RegistryServlet.routes()) {
            if (!route.equals("/")) {
                assertTrue(documented.contains(route), route + " is not in openapi.json");
            }
        }
        assertEquals("3.0.3", reply.json().getAsJsonObject().get("openapi").getAsString());
    }

    @Test
    void anOlderSchemaIsMigratedWithItsData() throws Exception {
        server.close();
        server = null;
        DataSource old = database().freshDatabase();
        migrated = old;
        assertEquals(List.of(1), SchemaMigrations.migrate(old, 1, Clock.systemUTC()));
        AgreementKeyPair agreement = AgreementKeyPair.generate();
        AgreementKey key = AgreementKey.signedBy(node, agreement.publicKey());
        try (Connection c = old.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO farms (name, farmer) VALUES ('old farm', '" + farmer.id() + "')");
            long farm;
            try (ResultSet rows = s.executeQuery("SELECT id FROM farms")) {
                rows.next();
                farm = rows.getLong(1);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO nodes (id, farm_id, hostname, node_version, agreement_key, "
                    + "agreement_signature, registered, last_seen) VALUES (?, ?, 'oldnode', '0.0.1', ?, ?, 1, 2)")) {
                insert.setString(1, node.id().text());
                insert.setLong(2, farm);
                insert.setString(3, Base64.getEncoder().encodeToString(key.publicKey()));
                insert.setString(4, Base64.getEncoder().encodeToString(key.signature()));
                insert.executeUpdate();
            }
            s.executeUpdate("INSERT INTO interfaces (node_id, name, mac, addresses, gateways) VALUES ('" + node.id()
                    + "', 'eth0', '02:5a:00:01:00:00', '198.51.100.10/24,2001:db8::10/64', '198.51.100.1')");
            s.executeUpdate("INSERT INTO users (id, name, registered) VALUES ('" + user.id() + "', 'old user', 1)");
        }

        server = new RunningRegistry(old, RegistrySettings.defaults(), Clock.systemUTC());
        client = new GridTestClient(server.base());
        try (Connection c = old.getConnection()) {
            assertEquals(SchemaMigrations.latest(), SchemaMigrations.currentVersion(c));
        }
        Node migrated = nodeRecord();
        assertEquals("oldnode", migrated.hostname());
        assertEquals(List.of(Cidr.parse("198.51.100.10/24"), Cidr.parse("2001:db8::10/64")), migrated.interfaces().get(0).addresses());
        assertEquals(MacAddress.parse("02:5a:00:01:00:00"), migrated.interfaces().get(0).mac());
        assertTrue(migrated.usedPorts().ports().isEmpty());
        assertNull(migrated.publicConfig());
        GridTestClient.Reply posted = postWorkload(user, node, "net1");
        assertEquals(201, posted.status(), posted.body());
        assertEquals(1, posted.json().getAsJsonObject().get("cursor").getAsLong(), "the new cursor column starts at 0");
        assertEquals(List.of(), SchemaMigrations.migrate(old, SchemaMigrations.latest(), Clock.systemUTC()), "nothing twice");
    }

    // ---- helpers ----

    protected void setUpNode() {
        GridTestClient.Reply farm = client.signed(farmer, "POST", "/farms", GridJson.toJson(new FarmRegistration("farm one")));
        assertEquals(201, farm.status(), farm.body());
        farmId = farm.json().getAsJsonObject().get("id").getAsLong();
        GridTestClient.Reply registered = registerNode(node, farmId);
        assertEquals(201, registered.status(), registered.body());
    }

    protected GridTestClient.Reply registerNode(SigningKey key, long farm) {
        return client.signed(key, "POST", "/nodes", GridJson.toJson(registration(key, farm, "node1")));
    }

    protected void registerUser(SigningKey key) {
        GridTestClient.Reply reply = client.signed(key, "POST", "/users", GridJson.toJson(new UserRegistration("user " + key.id().abbreviated().substring(0, 4))));
        assertTrue(reply.status() == 201 || reply.status() == 200, reply.body());
    }

    protected GridTestClient.Reply publish(SigningKey key, List<Interface> interfaces) {
        return client.signed(key, "POST", "/nodes/" + key.id() + "/interfaces", GridJson.toJson(interfaces));
    }

    protected Node nodeRecord() {
        GridTestClient.Reply reply = client.get("/nodes/" + node.id());
        assertEquals(200, reply.status(), reply.body());
        return GridJson.node(reply.json());
    }

    protected GridTestClient.Reply postWorkload(SigningKey by, SigningKey on, String netId) {
        return client.signed(by, "POST", "/reservations/workloads", GridJson.toJson(workload(by, on, netId)));
    }

    static List<Long> cursors(JsonElement page) {
        List<Long> cursors = new ArrayList<>();
        page.getAsJsonObject().getAsJsonArray("workloads").forEach(e -> cursors.add(e.getAsJsonObject().get("cursor").getAsLong()));
        return cursors;
    }

    private static void assertBadField(GridTestClient.Reply reply, String field) {
        assertEquals(400, reply.status(), reply.body());
        assertEquals(field, reply.field(), reply.body());
        assertNotNull(reply.error());
        assertTrue(reply.error().startsWith(field + ": "), reply.error());
    }
}
