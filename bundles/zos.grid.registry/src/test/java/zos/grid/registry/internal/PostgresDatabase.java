package zos.grid.registry.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A throwaway PostgreSQL 15 server: initdb into a temporary directory as the {@code postgres} user,
 * listening on 127.0.0.1 of the test's own zlab- namespace (and a unix socket in that directory),
 * stopped by the PID in its postmaster.pid and deleted by {@link #close()}. One database per test.
 */
final class PostgresDatabase implements TestDatabase {
    static final Path BIN = Path.of(System.getProperty("zos.test.postgresBin", "/usr/lib/postgresql/15/bin"));

    private final Path directory;
    private final Path data;
    private final int port;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private int count;

    /**
     * @param settings extra {@code -c name=value} server settings, e.g. {@code synchronous_commit=off}
     */
    PostgresDatabase(String... settings) {
        if (!Files.isExecutable(BIN.resolve("postgres"))) {
            throw new IllegalStateException("PostgreSQL 15 is not installed (" + BIN + "); .ci/run installs it");
        }
        try {
            directory = Files.createTempDirectory("zos-grid-pg-");
            data = directory.resolve("data");
            run("chown", "postgres:postgres", directory.toString());
            asPostgres(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8");
            port = freePort();
            StringBuilder options = new StringBuilder("-h 127.0.0.1 -p " + port + " -k " + directory + " -c max_connections=200");
            for (String setting : settings) {
                options.append(" -c ").append(setting);
            }
            asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", directory.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", options.toString(), "start");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    int port() {
        return port;
    }

    @Override
    public synchronized DataSource freshDatabase() {
        String database = "registry" + (++count);
        try (HikariDataSource admin = pool("postgres", 1); Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + database + ": " + e.getMessage(), e);
        }
        HikariDataSource pool = pool(database, 16);
        pools.add(pool);
        return pool;
    }

    synchronized HikariDataSource pool(String database, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/" + database);
        config.setUsername("postgres");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setPoolName("pg-" + database);
        return new HikariDataSource(config);
    }

    /** Stops the server (fast shutdown by its PID, then KILL if it lingers) and deletes its files. */
    @Override
    public synchronized void close() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
        try {
            Path pidFile = data.resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).strip());
                ProcessHandle.of(pid).ifPresent(postmaster -> {
                    run("kill", "-INT", Long.toString(pid));
                    try {
                        postmaster.onExit().get(30, TimeUnit.SECONDS);
                    } catch (Exception notYet) {
                        postmaster.destroyForcibly();
                    }
                });
            }
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private void asPostgres(String... argv) {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        command.addAll(List.of(argv));
        run(command.toArray(new String[0]));
    }

    private void run(String... argv) {
        try {
            Path log = Files.createTempFile("zos-grid-pg-cmd-", ".log");
            try {
                Process process = new ProcessBuilder(argv).redirectInput(new File("/dev/null")).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).directory(new File("/")).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", argv) + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", argv) + " failed (" + process.exitValue() + "): "
                            + Files.readString(log));
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
