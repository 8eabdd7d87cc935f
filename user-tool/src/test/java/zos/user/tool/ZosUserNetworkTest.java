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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import zos.grid.api.crypto.SigningKey;
import zos.grid.registry.internal.LabRegistry;
import zos.networkd.api.wireguard.PrivateKey;
import zos.user.tool.network.FakeNode;

/** {@code zos-user network ...} as a user types it, against the real registry with fake nodes. */
class ZosUserNetworkTest {
    @TempDir
    Path work;
    private LabRegistry registry;
    private final List<FakeNode> nodes = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private String[] common;

    @BeforeEach
    void setUp() throws Exception {
        registry = new LabRegistry(18284);
        long farm = registry.registerFarm(SigningKey.generate(), "north");
        for (String address : new String[] {"198.51.100.1", "198.51.100.2", null}) {
            nodes.add(new FakeNode(registry.base(), farm, "node" + nodes.size(), address, null, List.of()));
        }
        Path key = work.resolve("alice.key");
        common = new String[] {"--registry", registry.base().toString(), "--key", key.toString()};
        assertEquals(0, run("key", "new"));
        assertEquals(0, run("user", "register", "alice"));
    }

    @AfterEach
    void tearDown() throws Exception {
        FakeNode.closeAll(nodes);
        registry.close();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        String[] all = new String[common.length + args.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(args, 0, all, common.length, args.length);
        return new ZosUser(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(all);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String id(int node) {
        return nodes.get(node).key.id().text();
    }

    @Test
    void aNetworkIsCreatedShownOpenedToALaptopAndDeleted() throws Exception {
        String state = work.resolve("networks").toString();
        assertEquals(0, run("network", "create", "office", "--range", "10.20.0.0/16", "--nodes", id(0) + "," + id(1) + "," + id(2),
                "--state", state, "--timeout", "30"), err());
        String table = out();
        assertTrue(table.startsWith("network office  net id offic"), table);
        assertTrue(table.contains("NODE") && table.contains("ENDPOINT"), table);
        Matcher row = Pattern.compile(Pattern.quote(id(0)) + "\\s+10\\.20\\.1\\.0/24\\s+ok\\s+(\\d+)\\s+198\\.51\\.100\\.1:\\1\\s+\\S+\\s+2\\s")
                .matcher(table);
        assertTrue(row.find(), table);
        assertTrue(Pattern.compile(Pattern.quote(id(2)) + "\\s+10\\.20\\.3\\.0/24\\s+ok\\s+\\d+\\s+hidden\\s").matcher(table).find(), table);
        assertTrue(err().contains("node " + id(0) + ": keys and ports sent as version 1"), err());
        assertTrue(err().contains("node " + id(0) + ": peers sent as version 2"), err());
        assertTrue(err().contains("waiting for the nodes' results; 6 workloads sent"), err());

        // show needs no registry once everything is settled
        common = new String[] {};
        assertEquals(0, run("network", "show", "office", "--state", state), err());
        assertTrue(out().contains(id(1)) && out().contains("10.20.2.0/24"), out());
        common = new String[] {"--registry", registry.base().toString(), "--key", work.resolve("alice.key").toString()};

        Path laptop = work.resolve("laptop.conf");
        assertEquals(0, run("network", "access", "office", "--state", state, "--out", laptop.toString()), err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(laptop)));
        String config = Files.readString(laptop);
        String privateKey = config.lines().filter(l -> l.startsWith("PrivateKey = ")).findFirst().orElseThrow().substring(13);
        assertFalse(out().contains(privateKey) || err().contains(privateKey));
        assertTrue(config.contains("Endpoint = 198.51.100.1:"), config);
        String laptopPublic = PrivateKey.parse(privateKey).publicKey().base64();
        assertTrue(nodes.get(0).last().peers().stream().anyMatch(p -> p.wgPublicKey().equals(laptopPublic)));

        assertEquals(0, run("network", "show", "office", "--state", state), err());
        assertTrue(out().contains("access access-1") && out().contains("10.20.4.0/24") && out().contains(laptopPublic), out());

        assertEquals(0, run("network", "delete", "office", "--state", state), err());
        assertTrue(err().contains("network office: deleted"), err());
        assertFalse(Files.exists(Path.of(state, "office.json")));
        assertEquals(1, run("network", "show", "office", "--state", state));
        assertTrue(err().contains("no network 'office'"), err());
    }

    @Test
    void refusalsNameTheNodeAndTheReason() throws Exception {
        String state = work.resolve("networks").toString();
        nodes.get(1).failingWith("wireguard-go did not start: permission denied");
        assertEquals(1, run("network", "create", "office", "--range", "10.20.0.0/16", "--nodes", id(0) + "," + id(1),
                "--state", state));
        assertTrue(err().contains("zos-user: network 'office': node " + id(1)
                + " refused version 1: wireguard-go did not start: permission denied"), err());

        assertEquals(1, run("network", "create", "office", "--range", "10.20.0.0/25", "--nodes", id(0), "--state", state));
        assertTrue(err().contains("range 10.20.0.0/25: the prefix must be /8 to /24"), err());
        assertEquals(2, run("network", "create", "office", "--range", "10.20.0.0/16", "--nodes", "nope", "--state", state));
        assertTrue(err().contains("node 'nope'"), err());
        assertEquals(1, run("network", "add-node", "office", id(0), "--state", state));
        assertTrue(err().contains("no network 'office'"), err());
        assertEquals(2, run("network", "create", "office", "--state", state));
        assertTrue(err().contains("network create needs --range CIDR and --nodes"), err());
        assertEquals(2, run("network", "add-node", "office", "--state", state));
        assertEquals(2, run("network", "create", "office", "--frobnicate"));
        assertTrue(err().contains("unknown option --frobnicate"), err());
        assertEquals(2, run("network", "create", "office", "--timeout", "soon"));
        assertEquals(2, run("network", "rename"));
        assertEquals(2, run("network"));
    }

    @Test
    void everyNetworkCommandHasHelp() {
        assertEquals(0, run("network", "--help"));
        for (String command : new String[] {"create", "add-node", "remove-node", "delete", "show", "access"}) {
            assertEquals(0, run("network", command, "--help"), command);
            assertTrue(out().startsWith("zos-user network " + command), out());
        }
        assertEquals(0, run("--help"));
        assertTrue(out().contains("network ..."));
    }
}
