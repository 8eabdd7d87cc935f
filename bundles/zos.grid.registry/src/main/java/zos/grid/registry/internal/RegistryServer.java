package zos.grid.registry.internal;

import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

/**
 * One running registry: its schema brought up to date, the store, the long-poll waiters, the
 * replay guard and the servlet over them. Made by the OSGi component, and by tests the same way.
 */
final class RegistryServer implements AutoCloseable {
    private static final int LONG_POLL_THREADS = 4;
    private static final int MAX_LIVE_SIGNATURES = 2_000_000;

    private final RegistryStore store;
    private final WorkloadWaiters waiters;
    private final RegistryServlet servlet;
    private final StoreView view;

    RegistryServer(DataSource dataSource, RegistrySettings settings, Clock clock) throws SQLException {
        SchemaMigrations.migrate(dataSource, SchemaMigrations.latest(), clock);
        this.store = new RegistryStore(dataSource);
        this.waiters = new WorkloadWaiters(LONG_POLL_THREADS);
        ReplayGuard replays = new ReplayGuard(settings.signatureMaxAge().plus(settings.signatureMaxFuture()).toMillis(),
                MAX_LIVE_SIGNATURES);
        this.servlet = new RegistryServlet(store, waiters, replays, settings, clock);
        this.view = new StoreView(store, settings.basePath(), SchemaMigrations.latest());
    }

    RegistryServlet servlet() {
        return servlet;
    }

    StoreView view() {
        return view;
    }

    RegistryStore store() {
        return store;
    }

    int waitingPolls() {
        return waiters.count();
    }

    /** Answers the polls still waiting and stops the long-poll threads; the database stays as it is. */
    @Override
    public void close() {
        waiters.close();
    }
}
