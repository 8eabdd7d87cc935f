package zos.grid.registry.internal;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.google.gson.JsonObject;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.AgreementKey;
import zos.grid.api.model.Farm;
import zos.grid.api.model.Interface;
import zos.grid.api.model.Node;
import zos.grid.api.model.NodeRegistration;
import zos.grid.api.model.PublicConfig;
import zos.grid.api.model.ResultState;
import zos.grid.api.model.UsedPorts;
import zos.grid.api.model.User;
import zos.grid.api.model.Workload;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadPage;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.MacAddress;

/**
 * The registry's records in a JDBC database (H2 or PostgreSQL, same SQL). Every change is one
 * transaction: a request either changes everything it asks or nothing. Writes to a node lock its
 * row first, so concurrent writers of one node take turns.
 */
final class RegistryStore {
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    RegistryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction; retried once when a concurrent insert of the same key won. */
    <T> T transaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt == 1 && UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    continue;
                }
                throw new IllegalStateException("registry database: " + e.getMessage(), e);
            }
        }
    }

    // ---- farms ----

    record Stored<T>(T value, boolean created) {
    }

    Stored<Farm> registerFarm(KeyId farmer, String name) {
        return transaction(c -> {
            Optional<Farm> existing = farmByName(c, name);
            if (existing.isPresent()) {
                if (!existing.get().farmer().equals(farmer)) {
                    throw RegistryException.conflict("farm name '" + name + "' belongs to another farmer");
                }
                return new Stored<>(existing.get(), false);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO farms (name, farmer) VALUES (?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, farmer.text());
                insert.executeUpdate();
            }
            return new Stored<>(farmByName(c, name).orElseThrow(), true);
        });
    }

    Optional<Farm> farm(long id) {
        return transaction(c -> farm(c, id));
    }

    List<Farm> farms() {
        return transaction(c -> {
            List<Farm> farms = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT id, name, farmer FROM farms ORDER BY id")) {
                while (rows.next()) {
                    farms.add(farmOf(rows));
                }
            }
            return farms;
        });
    }

    private static Optional<Farm> farm(Connection c, long id) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT id, name, farmer FROM farms WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(farmOf(rows)) : Optional.empty();
            }
        }
    }

    private static Optional<Farm> farmByName(Connection c, String name) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT id, name, farmer FROM farms WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(farmOf(rows)) : Optional.empty();
            }
        }
    }

    private static Farm farmOf(ResultSet rows) throws SQLException {
        return new Farm(rows.getLong("id"), rows.getString("name"), KeyId.parse(rows.getString("farmer")));
    }

    // ---- nodes ----

    /** Registers or updates a node; {@code created} tells which. Unknown farm: 400 on farm_id. */
    Stored<Node> registerNode(NodeRegistration registration, Instant now) {
        return transaction(c -> {
            if (farm(c, registration.farmId()).isEmpty()) {
                throw RegistryException.badRequest("farm_id", "no farm " + registration.farmId() + " is registered");
            }
            boolean exists = lockNode(c, registration.id());
            String key = Base64.getEncoder().encodeToString(registration.agreementKey().publicKey());
            String signature = Base64.getEncoder().encodeToString(registration.agreementKey().signature());
            if (exists) {
                try (PreparedStatement update = c.prepareStatement("UPDATE nodes SET farm_id = ?, hostname = ?, node_version = ?, "
                        + "agreement_key = ?, agreement_signature = ?, last_seen = ? WHERE id = ?")) {
                    update.setLong(1, registration.farmId());
                    update.setString(2, registration.hostname());
                    update.setString(3, registration.version());
                    update.setString(4, key);
                    update.setString(5, signature);
                    update.setLong(6, now.toEpochMilli());
                    update.setString(7, registration.id().text());
                    update.executeUpdate();
                }
            } else {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO nodes (id, farm_id, hostname, node_version, "
                        + "agreement_key, agreement_signature, registered, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, registration.id().text());
                    insert.setLong(2, registration.farmId());
                    insert.setString(3, registration.hostname());
                    insert.setString(4, registration.version());
                    insert.setString(5, key);
                    insert.setString(6, signature);
                    insert.setLong(7, now.toEpochMilli());
                    insert.setLong(8, now.toEpochMilli());
                    insert.executeUpdate();
                }
            }
            return new Stored<>(node(c, registration.id()).orElseThrow(), !exists);
        });
    }

    /** Replaces the node's interfaces with exactly these, in one transaction. */
    Node replaceInterfaces(KeyId node, List<Interface> interfaces, Instant now) {
        return transaction(c -> {
            requireNode(c, node);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM interfaces WHERE node_id = ?")) {
                delete.setString(1, node.text());
                delete.executeUpdate();
            }
            if (!interfaces.isEmpty()) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO interfaces (node_id, name, mac, addresses, gateways) VALUES (?, ?, ?, ?, ?)")) {
                    for (Interface nic : interfaces) {
                        insert.setString(1, node.text());
                        insert.setString(2, nic.name());
                        if (nic.mac() == null) {
                            insert.setNull(3, Types.VARCHAR);
                        } else {
                            insert.setString(3, nic.mac().text());
                        }
                        insert.setString(4, nic.addresses().stream().map(Cidr::toString).collect(Collectors.joining(",")));
                        insert.setString(5, nic.gateways().stream().map(IpAddresses::format).collect(Collectors.joining(",")));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            seen(c, node, now);
            return node(c, node).orElseThrow();
        });
    }

    Node replaceUsedPorts(KeyId node, UsedPorts ports, Instant now) {
        return transaction(c -> {
            requireNode(c, node);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM used_ports WHERE node_id = ?")) {
                delete.setString(1, node.text());
                delete.executeUpdate();
            }
            if (!ports.ports().isEmpty()) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO used_ports (node_id, port) VALUES (?, ?)")) {
                    for (int port : ports.ports()) {
                        insert.setString(1, node.text());
                        insert.setInt(2, port);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            seen(c, node, now);
            return node(c, node).orElseThrow();
        });
    }

    /**
     * Sets the node's public configuration after {@code authorize} accepted the node's farm; the version
     * grows by one with each change (the same settings again keep it).
     */
    PublicConfig setPublicConfig(KeyId node, PublicConfig config, KeyId setBy, java.util.function.Consumer<Farm> authorize,
            Instant now) {
        return transaction(c -> {
            requireNode(c, node);
            long farmId;
            try (PreparedStatement query = c.prepareStatement("SELECT farm_id FROM nodes WHERE id = ?")) {
                query.setString(1, node.text());
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    farmId = rows.getLong(1);
                }
            }
            authorize.accept(farm(c, farmId).orElseThrow());
            PublicConfig current = publicConfig(c, node).orElse(null);
            if (current != null && current.sameSettingsAs(config)) {
                return current;
            }
            PublicConfig stored = config.withVersion(current == null ? 1 : current.version() + 1);
            if (current != null) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM public_configs WHERE node_id = ?")) {
                    delete.setString(1, node.text());
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO public_configs (node_id, master, ipv4, gateway4, "
                    + "ipv6, gateway6, config_version, set_by, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, node.text());
                insert.setString(2, stored.master());
                insert.setString(3, text(stored.ipv4()));
                insert.setString(4, stored.gateway4() == null ? null : IpAddresses.format(stored.gateway4()));
                insert.setString(5, text(stored.ipv6()));
                insert.setString(6, stored.gateway6() == null ? null : IpAddresses.format(stored.gateway6()));
                insert.setLong(7, stored.version());
                insert.setString(8, setBy.text());
                insert.setLong(9, now.toEpochMilli());
                insert.executeUpdate();
            }
            return stored;
        });
    }

    /** Marks the node as heard from (a request it signed); false when it is not registered. */
    boolean touch(KeyId node, Instant now) {
        return transaction(c -> seen(c, node, now));
    }

    Optional<Node> node(KeyId id) {
        return transaction(c -> node(c, id));
    }

    /** Every node (of one farm when {@code farmId} is given), by id. */
    List<Node> nodes(Long farmId) {
        return transaction(c -> {
            Map<String, List<Interface>> interfaces = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                    "SELECT node_id, name, mac, addresses, gateways FROM interfaces ORDER BY node_id, name")) {
                while (rows.next()) {
                    interfaces.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(interfaceOf(rows));
                }
            }
            Map<String, List<Integer>> ports = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT node_id, port FROM used_ports")) {
                while (rows.next()) {
                    ports.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getInt(2));
                }
            }
            Map<String, PublicConfig> configs = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(PUBLIC_CONFIG_COLUMNS + " FROM public_configs")) {
                while (rows.next()) {
                    configs.put(rows.getString("node_id"), publicConfigOf(rows));
                }
            }
            List<Node> nodes = new ArrayList<>();
            String sql = NODE_COLUMNS + " FROM nodes" + (farmId == null ? "" : " WHERE farm_id = ?") + " ORDER BY id";
            try (PreparedStatement query = c.prepareStatement(sql)) {
                if (farmId != null) {
                    query.setLong(1, farmId);
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String id = rows.getString("id");
                        nodes.add(nodeOf(rows, interfaces.getOrDefault(id, List.of()), ports.getOrDefault(id, List.of()),
                                configs.get(id)));
                    }
                }
            }
            return nodes;
        });
    }

    private static final String NODE_COLUMNS =
            "SELECT id, farm_id, hostname, node_version, agreement_key, agreement_signature, registered, last_seen";
    private static final String PUBLIC_CONFIG_COLUMNS =
            "SELECT node_id, master, ipv4, gateway4, ipv6, gateway6, config_version";

    private static Optional<Node> node(Connection c, KeyId id) throws SQLException {
        List<Interface> interfaces = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT node_id, name, mac, addresses, gateways FROM interfaces WHERE node_id = ? ORDER BY name")) {
            query.setString(1, id.text());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    interfaces.add(interfaceOf(rows));
                }
            }
        }
        List<Integer> ports = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT port FROM used_ports WHERE node_id = ?")) {
            query.setString(1, id.text());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ports.add(rows.getInt(1));
                }
            }
        }
        PublicConfig config = publicConfig(c, id).orElse(null);
        try (PreparedStatement query = c.prepareStatement(NODE_COLUMNS + " FROM nodes WHERE id = ?")) {
            query.setString(1, id.text());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(nodeOf(rows, interfaces, ports, config)) : Optional.empty();
            }
        }
    }

    private static Optional<PublicConfig> publicConfig(Connection c, KeyId node) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(PUBLIC_CONFIG_COLUMNS + " FROM public_configs WHERE node_id = ?")) {
            query.setString(1, node.text());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(publicConfigOf(rows)) : Optional.empty();
            }
        }
    }

    private static Node nodeOf(ResultSet rows, List<Interface> interfaces, List<Integer> ports, PublicConfig config)
            throws SQLException {
        AgreementKey agreementKey = new AgreementKey(Base64.getDecoder().decode(rows.getString("agreement_key")),
                Base64.getDecoder().decode(rows.getString("agreement_signature")));
        return new Node(KeyId.parse(rows.getString("id")), rows.getLong("farm_id"), rows.getString("hostname"),
                rows.getString("node_version"), agreementKey, Instant.ofEpochMilli(rows.getLong("registered")),
                Instant.ofEpochMilli(rows.getLong("last_seen")), interfaces, new UsedPorts(ports), config);
    }

    private static Interface interfaceOf(ResultSet rows) throws SQLException {
        String mac = rows.getString("mac");
        List<Cidr> addresses = split(rows.getString("addresses")).stream().map(Cidr::parse).toList();
        List<InetAddress> gateways = split(rows.getString("gateways")).stream().map(IpAddresses::parse).toList();
        return new Interface(rows.getString("name"), mac == null ? null : MacAddress.parse(mac), addresses, gateways);
    }

    private static PublicConfig publicConfigOf(ResultSet rows) throws SQLException {
        String ipv4 = rows.getString("ipv4");
        String gateway4 = rows.getString("gateway4");
        String ipv6 = rows.getString("ipv6");
        String gateway6 = rows.getString("gateway6");
        return new PublicConfig(PublicConfig.MACVLAN, rows.getString("master"), ipv4 == null ? null : Cidr.parse(ipv4),
                gateway4 == null ? null : IpAddresses.parse(gateway4), ipv6 == null ? null : Cidr.parse(ipv6),
                gateway6 == null ? null : IpAddresses.parse(gateway6), rows.getLong("config_version"));
    }

    /** Locks the node's row for this transaction; false when there is none. */
    private static boolean lockNode(Connection c, KeyId node) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT id FROM nodes WHERE id = ? FOR UPDATE")) {
            lock.setString(1, node.text());
            try (ResultSet rows = lock.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void requireNode(Connection c, KeyId node) throws SQLException {
        if (!lockNode(c, node)) {
            throw RegistryException.notFound("no node " + node + " is registered");
        }
    }

    private static boolean seen(Connection c, KeyId node, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE nodes SET last_seen = ? WHERE id = ? AND last_seen < ?")) {
            update.setLong(1, now.toEpochMilli());
            update.setString(2, node.text());
            update.setLong(3, now.toEpochMilli());
            return update.executeUpdate() > 0;
        }
    }

    // ---- users ----

    Stored<User> registerUser(KeyId id, String name, Instant now) {
        return transaction(c -> {
            Optional<User> existing = user(c, id);
            if (existing.isPresent() && existing.get().name().equals(name)) {
                return new Stored<>(existing.get(), false);
            }
            if (existing.isPresent()) {
                try (PreparedStatement update = c.prepareStatement("UPDATE users SET name = ? WHERE id = ?")) {
                    update.setString(1, name);
                    update.setString(2, id.text());
                    update.executeUpdate();
                }
            } else {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO users (id, name, registered) VALUES (?, ?, ?)")) {
                    insert.setString(1, id.text());
                    insert.setString(2, name);
                    insert.setLong(3, now.toEpochMilli());
                    insert.executeUpdate();
                }
            }
            return new Stored<>(user(c, id).orElseThrow(), existing.isEmpty());
        });
    }

    Optional<User> user(KeyId id) {
        return transaction(c -> user(c, id));
    }

    List<User> users() {
        return transaction(c -> {
            List<User> users = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT id, name FROM users ORDER BY id")) {
                while (rows.next()) {
                    users.add(new User(KeyId.parse(rows.getString(1)), rows.getString(2)));
                }
            }
            return users;
        });
    }

    private static Optional<User> user(Connection c, KeyId id) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT id, name FROM users WHERE id = ?")) {
            query.setString(1, id.text());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(new User(KeyId.parse(rows.getString(1)), rows.getString(2))) : Optional.empty();
            }
        }
    }

    // ---- workloads ----

    /** Stores a workload under its node's next cursor. */
    WorkloadEntry addWorkload(Workload workload, Instant now) {
        return transaction(c -> {
            if (user(c, workload.user()).isEmpty()) {
                throw RegistryException.forbidden("user " + workload.user() + " is not registered (POST /users first)");
            }
            if (!lockNode(c, workload.node())) {
                throw RegistryException.badRequest("node", "no node " + workload.node() + " is registered");
            }
            long cursor;
            try (PreparedStatement next = c.prepareStatement("UPDATE nodes SET workload_cursor = workload_cursor + 1 WHERE id = ?")) {
                next.setString(1, workload.node().text());
                next.executeUpdate();
            }
            try (PreparedStatement read = c.prepareStatement("SELECT workload_cursor FROM nodes WHERE id = ?")) {
                read.setString(1, workload.node().text());
                try (ResultSet rows = read.executeQuery()) {
                    rows.next();
                    cursor = rows.getLong(1);
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO workloads (node_id, seq, user_id, created, body) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, workload.node().text());
                insert.setLong(2, cursor);
                insert.setString(3, workload.user().text());
                insert.setLong(4, now.toEpochMilli());
                insert.setString(5, GridJson.toText(GridJson.toJson(workload)));
                insert.executeUpdate();
            }
            return new WorkloadEntry(cursor, Instant.ofEpochMilli(now.toEpochMilli()), workload, null, null);
        });
    }

    /** Up to {@code limit} workloads of the node after cursor {@code from}, oldest first. */
    WorkloadPage workloads(KeyId node, long from, int limit) {
        return transaction(c -> {
            List<WorkloadEntry> entries = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement(WORKLOAD_COLUMNS + " FROM workloads WHERE node_id = ? AND seq > ? "
                    + "ORDER BY seq")) {
                query.setString(1, node.text());
                query.setLong(2, from);
                query.setMaxRows(limit + 1);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next() && entries.size() <= limit) {
                        entries.add(workloadOf(rows));
                    }
                }
            }
            boolean more = entries.size() > limit;
            List<WorkloadEntry> page = more ? entries.subList(0, limit) : entries;
            long cursor = page.isEmpty() ? from : page.get(page.size() - 1).cursor();
            return new WorkloadPage(page, cursor, more);
        });
    }

    /** Every workload (of one user when given), newest first, at most {@code limit}. */
    List<Map.Entry<KeyId, WorkloadEntry>> allWorkloads(KeyId user, int limit) {
        return transaction(c -> {
            List<Map.Entry<KeyId, WorkloadEntry>> out = new ArrayList<>();
            String sql = WORKLOAD_COLUMNS + " FROM workloads" + (user == null ? "" : " WHERE user_id = ?")
                    + " ORDER BY created DESC, node_id, seq DESC";
            try (PreparedStatement query = c.prepareStatement(sql)) {
                if (user != null) {
                    query.setString(1, user.text());
                }
                query.setMaxRows(limit);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        out.add(Map.entry(KeyId.parse(rows.getString("node_id")), workloadOf(rows)));
                    }
                }
            }
            return out;
        });
    }

    Optional<WorkloadEntry> workload(KeyId node, long cursor) {
        return transaction(c -> workload(c, node, cursor));
    }

    /** The node's highest cursor (0 before its first workload); -1 when the node is unknown. */
    long latestCursor(KeyId node) {
        return transaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT workload_cursor FROM nodes WHERE id = ?")) {
                query.setString(1, node.text());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : -1L;
                }
            }
        });
    }

    /** Records (or replaces: a rebooted node replays and reports again) the node's result for a workload. */
    WorkloadEntry setResult(KeyId node, long cursor, WorkloadResult result, Instant now) {
        return transaction(c -> {
            JsonObject data = new JsonObject();
            result.data().forEach(data::addProperty);
            try (PreparedStatement update = c.prepareStatement("UPDATE workloads SET result_state = ?, result_message = ?, "
                    + "result_data = ?, reported = ? WHERE node_id = ? AND seq = ?")) {
                update.setString(1, result.state().wireName());
                update.setString(2, result.message());
                update.setString(3, GridJson.toText(data));
                update.setLong(4, now.toEpochMilli());
                update.setString(5, node.text());
                update.setLong(6, cursor);
                if (update.executeUpdate() == 0) {
                    throw RegistryException.notFound("no workload " + cursor + " for node " + node);
                }
            }
            seen(c, node, now);
            return workload(c, node, cursor).orElseThrow();
        });
    }

    private static final String WORKLOAD_COLUMNS =
            "SELECT node_id, seq, created, body, result_state, result_message, result_data, reported";

    private static Optional<WorkloadEntry> workload(Connection c, KeyId node, long cursor) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(WORKLOAD_COLUMNS + " FROM workloads WHERE node_id = ? AND seq = ?")) {
            query.setString(1, node.text());
            query.setLong(2, cursor);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(workloadOf(rows)) : Optional.empty();
            }
        }
    }

    private static WorkloadEntry workloadOf(ResultSet rows) throws SQLException {
        Workload workload = GridJson.workload(GridJson.parse(rows.getString("body")));
        String state = rows.getString("result_state");
        WorkloadResult result = null;
        Instant reported = null;
        if (state != null) {
            Map<String, String> data = new LinkedHashMap<>();
            GridJson.parse(rows.getString("result_data")).getAsJsonObject().entrySet()
                    .forEach(e -> data.put(e.getKey(), e.getValue().getAsString()));
            result = new WorkloadResult(ResultState.ofWireName(state), rows.getString("result_message"), data);
            reported = Instant.ofEpochMilli(rows.getLong("reported"));
        }
        return new WorkloadEntry(rows.getLong("seq"), Instant.ofEpochMilli(rows.getLong("created")), workload, result, reported);
    }

    // ---- helpers ----

    private static String text(Cidr cidr) {
        return cidr == null ? null : cidr.toString();
    }

    private static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }
}
