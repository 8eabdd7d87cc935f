package zos.grid.registry.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The registry suite on H2 in files, the embedded default. */
class H2RegistryTest extends RegistryContract {
    private static H2Database h2;

    @BeforeAll
    static void start() {
        h2 = new H2Database();
    }

    @AfterAll
    static void stop() {
        h2.close();
    }

    @Override
    protected TestDatabase database() {
        return h2;
    }
}
