package zos.grid.registry.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import zos.networkd.testlab.ForkNamespace;

/** The same registry suite on a throwaway PostgreSQL 15 server in the test's namespace. */
class PostgresRegistryTest extends RegistryContract {
    private static PostgresDatabase postgres;

    @BeforeAll
    static void start() {
        ForkNamespace.requireLabNamespace();
        postgres = new PostgresDatabase();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected TestDatabase database() {
        return postgres;
    }
}
