package zos.networkd.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The lab grid as a test: {@code lab/zlab up} under a name of its own (namespaces
 * {@code zlab-<name>-…}), three nodes booting through DHCP, registering, building the lab user's
 * network from workloads and passing the ping matrix; then the mesh under the registry's outage, a
 * fourth node joining under ping, and the network's deletion. {@code lab/zlab down} at the end
 * removes everything, which the test checks too.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class LabGridIT {
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);
    /** innernet and NetBird call a peer down after about this long without a handshake. */
    private static final Duration HANDSHAKE_FRESH = Duration.ofSeconds(180);

    private static final String NAME = "g" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static Path repo;
    private static Path run;
    private static Thread downOnExit;

    @BeforeClass
    public static void up() throws Exception {
        repo = Path.of(System.getProperty("zos.itest.repository", "..")).toAbsolutePath().normalize();
        run = Path.of("target", "lab-" + NAME).toAbsolutePath();
        // a JVM stopped by a timeout still takes the lab down
        downOnExit = new Thread(() -> zlabQuietly("down"));
        Runtime.getRuntime().addShutdownHook(downOnExit);
        Result up = zlab(UP_TIMEOUT, "up", "--nodes", "3");
        assertEquals("lab/zlab up failed:\n" + up.output, 0, up.exit);
        assertTrue(up.output, up.output.contains("all 3 workloads reach each other"));
    }

    @AfterClass
    public static void down() throws Exception {
        Result down = zlab(COMMAND_TIMEOUT, "down");
        Runtime.getRuntime().removeShutdownHook(downOnExit);
        assertEquals("lab/zlab down failed:\n" + down.output, 0, down.exit);
        List<String> left = namespaces().stream().filter(ns -> ns.startsWith("zlab-" + NAME + "-")).toList();
        assertEquals("namespaces left behind by the lab", List.of(), left);
    }

    @Test
    public void a_everyNodeHasRecentHandshakesWithItsTwoPeers() throws Exception {
        for (String node : List.of("node1", "node2", "node3")) {
            Map<String, String> resource = networkRow(node);
            String wireguard = resource.get("WIREGUARD");
            Result handshakes = run(COMMAND_TIMEOUT, "wg", "show", wireguard, "latest-handshakes");
            assertEquals(handshakes.output, 0, handshakes.exit);
            List<String> peers = handshakes.output.lines().filter(l -> !l.isBlank()).toList();
            assertEquals(node + ": " + handshakes.output, 2, peers.size());
            long now = Instant.now().getEpochSecond();
            for (String peer : peers) {
                long at = Long.parseLong(peer.trim().split("\\s+")[1]);
                assertTrue(node + " peer " + peer + ": no handshake within " + HANDSHAKE_FRESH,
                        at > 0 && now - at < HANDSHAKE_FRESH.toSeconds());
            }
        }
    }

    @Test
    public void b_theMeshOutlivesTheRegistryAndNothingIsRedoneWhenItReturns() throws Exception {
        Map<String, String> before = new LinkedHashMap<>();
        for (String node : List.of("node1", "node2", "node3")) {
            before.put(node, zlabOk("exec", node, "zos:workloads").output);
        }
        zlabOk("registry", "stop");
        try {
            Result ping = zlab(COMMAND_TIMEOUT, "ping");
            assertEquals("pings while the registry is down:\n" + ping.output, 0, ping.exit);
        } finally {
            zlabOk("registry", "start");
        }
        // the nodes' long polls come back (backoff up to their cap) and find nothing new to do
        TimeUnit.SECONDS.sleep(15);
        for (String node : List.of("node1", "node2", "node3")) {
            assertEquals(node + " handled workloads again after the registry returned", before.get(node),
                    zlabOk("exec", node, "zos:workloads").output);
        }
        zlabOk("ping");
    }

    @Test
    public void c_aFourthNodeJoinsWithoutAPingLostBetweenTheOthers() throws Exception {
        String target = workloadAddress("node2");
        Process ping = new ProcessBuilder("ip", "netns", "exec", "zlab-" + NAME + "-n1-wl", "ping", "-n", "-i", "0.2",
                target).redirectErrorStream(true).start();
        String pingOutput;
        try {
            Result add = zlab(UP_TIMEOUT, "add-node");
            assertEquals("lab/zlab add-node failed:\n" + add.output, 0, add.exit);
            assertTrue(add.output, add.output.contains("all 4 workloads reach each other"));
        } finally {
            ping.destroy(); // SIGTERM: ping prints its statistics
            ping.waitFor(10, TimeUnit.SECONDS);
            pingOutput = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher stats = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(pingOutput);
        assertTrue(pingOutput, stats.find());
        int sent = Integer.parseInt(stats.group(1));
        assertTrue("too few pings to tell: " + pingOutput, sent > 20);
        // the last one may be in flight when ping is stopped
        assertTrue("pings lost between node1 and node2 while node4 joined:\n" + pingOutput,
                sent - Integer.parseInt(stats.group(2)) <= 1);
    }

    @Test
    public void d_deletingTheNetworkRemovesItFromEveryNode() throws Exception {
        Map<String, String> namespaces = new LinkedHashMap<>();
        for (String node : List.of("node1", "node2", "node3", "node4")) {
            namespaces.put(node, networkRow(node).get("NAMESPACE"));
        }
        zlabOk("user", "network", "delete", "lab");
        for (Map.Entry<String, String> e : namespaces.entrySet()) {
            String networks = zlabOk("exec", e.getKey(), "zos:networks").output;
            assertTrue(e.getKey() + " still has a network resource:\n" + networks,
                    networks.contains("no network resources"));
            assertFalse(e.getKey() + ": namespace " + e.getValue() + " is still there", namespaces().contains(e.getValue()));
        }
        String workloads = zlabOk("exec", "registry", "grid:workloads").output;
        List<String> header = cells(workloads.lines().findFirst().orElse(""));
        long deletedOk = workloads.lines().map(LabGridIT::cells).filter(c -> c.size() == header.size())
                .filter(c -> c.get(header.indexOf("OPERATION")).equals("delete") && c.get(header.indexOf("RESULT")).equals("ok"))
                .count();
        assertEquals("deletions with their results in the registry:\n" + workloads, 4, deletedOk);
    }

    // ---- helpers ----

    /** The row of zos:networks on the node for the lab's network, by column name. */
    private static Map<String, String> networkRow(String node) throws Exception {
        List<String> lines = zlabOk("exec", node, "zos:networks").output.lines().toList();
        List<String> header = cells(lines.get(0));
        for (String line : lines.subList(2, lines.size())) {
            List<String> cells = cells(line);
            if (cells.size() == header.size() && cells.get(header.indexOf("NAME")).equals("lab")) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), cells.get(i));
                }
                return row;
            }
        }
        throw new AssertionError(node + " has no resource of network 'lab':\n" + String.join("\n", lines));
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String cell : line.split("\\|")) {
            out.add(cell.trim());
        }
        return out;
    }

    private static String workloadAddress(String node) throws Exception {
        Result addr = run(COMMAND_TIMEOUT, "ip", "-n", "zlab-" + NAME + "-n" + node.substring(4) + "-wl", "-4", "-o",
                "addr", "show", "dev", "eth0");
        Matcher m = Pattern.compile("inet (\\S+)/").matcher(addr.output);
        assertTrue(addr.output, m.find());
        return m.group(1);
    }

    private static List<String> namespaces() throws Exception {
        return run(COMMAND_TIMEOUT, "ip", "netns", "list").output.lines().map(l -> l.split("\\s+")[0]).toList();
    }

    private record Result(int exit, String output) {
    }

    private static Result zlabOk(String... args) throws Exception {
        Result result = zlab(COMMAND_TIMEOUT, args);
        assertEquals("lab/zlab " + String.join(" ", args) + " failed:\n" + result.output, 0, result.exit);
        return result;
    }

    private static Result zlab(Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(repo.resolve("lab/zlab").toString());
        command.addAll(List.of(args));
        return run(timeout, command.toArray(String[]::new));
    }

    private static void zlabQuietly(String... args) {
        try {
            zlab(COMMAND_TIMEOUT, args);
        } catch (Exception e) {
            // a shutdown hook: nothing left to tell
        }
    }

    private static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ZLAB_NAME", NAME);
        builder.environment().put("ZLAB_RUN", run.toString());
        builder.environment().put("ZLAB_DIST", System.getProperty("zos.itest.distribution"));
        Path log = Files.createTempFile(Path.of("target"), "zlab-", ".log");
        try {
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
                return new Result(-1, String.join(" ", command) + ": no end within " + timeout + "\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            System.out.println("$ " + String.join(" ", command) + "\n" + output);
            return new Result(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
