package zos.grid.registry.internal;

import javax.sql.DataSource;

/** A database kind the registry suite runs on: each test gets a fresh, empty database of it. */
interface TestDatabase extends AutoCloseable {

    String name();

    /** A new empty database (pooled); closed by {@link #close()} at the latest. */
    DataSource freshDatabase();

    @Override
    void close();
}
