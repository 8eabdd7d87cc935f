package zos.grid.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's schema, created and migrated by the server itself: numbered SQL scripts (portable
 * between H2 and PostgreSQL) applied in order, each once, each recorded in
 * {@code zos_schema_history} in the same transaction as its changes (where the database makes DDL
 * transactional, as PostgreSQL does, a failed script leaves nothing behind).
 */
final class SchemaMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    record Migration(int version, String script) {
    }

    static final List<Migration> ALL = List.of(
            new Migration(1, "V1__farms_nodes_interfaces_users.sql"),
            new Migration(2, "V2__ports_public_config_workloads.sql"));

    private SchemaMigrations() {
    }

    static int latest() {
        return ALL.get(ALL.size() - 1).version();
    }

    /** Applies every migration up to {@code target} that the database does not have yet; returns those applied. */
    static List<Integer> migrate(DataSource dataSource, int target, Clock clock) throws SQLException {
        List<Integer> applied = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS zos_schema_history (version INTEGER PRIMARY KEY, "
                        + "script VARCHAR(200) NOT NULL, applied BIGINT NOT NULL)");
            }
            int current = currentVersion(connection);
            if (current > latest()) {
                throw new SQLException("the database's registry schema is version " + current
                        + ", newer than this server knows (" + latest() + "): run a newer registry");
            }
            for (Migration migration : ALL) {
                if (migration.version() <= current || migration.version() > target) {
                    continue;
                }
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    for (String sql : statements(migration.script())) {
                        statement.execute(sql);
                    }
                    try (PreparedStatement record = connection.prepareStatement(
                            "INSERT INTO zos_schema_history (version, script, applied) VALUES (?, ?, ?)")) {
                        record.setInt(1, migration.version());
                        record.setString(2, migration.script());
                        record.setLong(3, clock.millis());
                        record.executeUpdate();
                    }
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw new SQLException("registry schema migration " + migration.script() + " failed: " + e.getMessage(), e);
                } finally {
                    connection.setAutoCommit(true);
                }
                LOG.info("Registry schema migrated to version {} ({})", migration.version(), migration.script());
                applied.add(migration.version());
            }
        }
        return applied;
    }

    static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM zos_schema_history")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The script's statements: split at semicolons ending a line; comment lines dropped. */
    static List<String> statements(String script) {
        String text;
        try (InputStream in = SchemaMigrations.class.getResourceAsStream("db/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration script db/" + script + " is missing from the bundle");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration script " + script, e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("migration script " + script + " ends without ';'");
        }
        return statements;
    }
}
