package zos.grid.registry.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** H2 in files (the registry's embedded default), one file database per test, through HikariCP. */
final class H2Database implements TestDatabase {
    private final Path directory;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private int count;

    H2Database() {
        try {
            directory = Files.createTempDirectory("zos-grid-h2-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public synchronized DataSource freshDatabase() {
        return pool("jdbc:h2:file:" + directory.resolve("registry" + (++count)), 16);
    }

    synchronized HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setPoolName("h2-" + count);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    public synchronized void close() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
