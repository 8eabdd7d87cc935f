package zos.user.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import zos.grid.registry.internal.LabRegistry;

/** The user's tool against the real registry (servlet in Jetty, H2) on this test namespace's loopback. */
class ZosUserTest {
    @TempDir
    Path work;
    private LabRegistry registry;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        registry = new LabRegistry(18282);
    }

    @AfterEach
    void tearDown() throws Exception {
        registry.close();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new ZosUser(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void aKeyIsMadeOnceReadableByItsOwnerOnlyAndNeverShown() throws Exception {
        Path key = work.resolve("me.key");
        assertEquals(0, run("--key", key.toString(), "key new"));
        String id = out();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals(0, run("--key", key.toString(), "key", "show"));
        assertEquals(id, out());
        String seed = Files.readString(key).trim();
        assertFalse(out().contains(seed));

        assertEquals(1, run("--key", key.toString(), "key", "new"));
        assertTrue(err().contains("is not replaced"), err());
        assertEquals(seed, Files.readString(key).trim());

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(1, run("--key", key.toString(), "key", "show"));
        assertTrue(err().contains("can be read by others"), err());
    }

    @Test
    void aFarmerRegistersAFarmAndAUserRegisters() throws Exception {
        Path farmer = work.resolve("farmer.key");
        Path alice = work.resolve("alice.key");
        String registryUrl = registry.base().toString();
        assertEquals(0, run("--key", farmer.toString(), "key", "new"));
        assertEquals(0, run("--key", alice.toString(), "key", "new"));
        assertEquals(0, run("--registry", registryUrl, "--key", farmer.toString(), "farm", "create", "north"));
        assertEquals("1", out());
        // the same farmer again: the same farm; another one claiming its name: refused, with the reason
        assertEquals(0, run("--registry", registryUrl, "--key", farmer.toString(), "farm", "create", "north"));
        assertEquals("1", out());
        assertEquals(1, run("--registry", registryUrl, "--key", alice.toString(), "farm", "create", "north"));
        assertTrue(err().contains("409") && err().contains("belongs to another farmer"), err());

        assertEquals(0, run("--registry", registryUrl, "--key", alice.toString(), "user", "register", "alice"));
        assertEquals(0, run("--registry", registryUrl, "nodes"));
        assertEquals("", out());
    }

    @Test
    void usageErrorsAndHelp() {
        assertEquals(2, run());
        assertEquals(0, run("--help"));
        assertTrue(out().contains("farm create"));
        assertEquals(0, run("farm", "create", "--help"));
        assertTrue(out().startsWith("zos-user farm create <name>"), out());
        assertEquals(2, run("farm", "create"));
        assertTrue(err().contains("farm create needs a name"), err());
        assertEquals(2, run("frobnicate"));
        assertEquals(1, run("--registry", "http://127.0.0.1:1/grid", "nodes"));
        assertTrue(err().contains("cannot be reached"), err());
        assertEquals(1, run("nodes"));
        assertTrue(err().contains("no registry"), err());
    }
}
