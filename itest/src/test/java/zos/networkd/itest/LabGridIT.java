package zos.networkd.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

import zos.networkd.testlab.Zlab;

/**
 * The lab grid as a test: {@code lab/zlab up} under a name of its own, three nodes booting through
 * DHCP, registering, building the lab user's network from workloads and passing the ping matrix;
 * then the mesh through the registry's outage, a fourth node joining under ping, and the network's
 * deletion. {@code lab/zlab down} at the end removes everything, which the test checks too.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class LabGridIT {
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    /** innernet and NetBird call a peer down after about this long without a handshake. */
    private static final Duration HANDSHAKE_FRESH = Duration.ofSeconds(180);
    private static final List<String> FIRST_NODES = List.of("node1", "node2", "node3");

    private static Zlab lab;
    private static Thread downOnExit;

    @BeforeClass
    public static void up() throws Exception {
        String name = Zlab.randomName("g");
        lab = new Zlab(Path.of(System.getProperty("zos.itest.repository", "..")), name,
                Path.of("target", "lab-" + name), Path.of(System.getProperty("zos.itest.distribution")));
        // a JVM stopped by its timeout still takes the lab down
        downOnExit = new Thread(() -> {
            try {
                lab.zlab(COMMAND_TIMEOUT, "down");
            } catch (Exception e) {
                // nothing left to tell anyone
            }
        });
        Runtime.getRuntime().addShutdownHook(downOnExit);
        Zlab.Result up = lab.zlab(UP_TIMEOUT, "up", "--nodes", "3");
        System.out.println(up.output());
        assertEquals("lab/zlab up failed:\n" + up.output(), 0, up.exit());
        assertTrue(up.output(), up.output().contains("all 3 workloads reach each other"));
    }

    @AfterClass
    public static void down() throws Exception {
        Zlab.Result down = lab.zlab(COMMAND_TIMEOUT, "down");
        Runtime.getRuntime().removeShutdownHook(downOnExit);
        assertEquals("lab/zlab down failed:\n" + down.output(), 0, down.exit());
        List<String> left = namespaces().stream().filter(ns -> ns.startsWith(lab.namespacePrefix())).toList();
        assertEquals("namespaces left behind by the lab", List.of(), left);
    }

    @Test
    public void a_everyNodeHasRecentHandshakesWithItsTwoPeers() throws Exception {
        for (String node : FIRST_NODES) {
            String wireguard = networkRow(node).get("WIREGUARD");
            Zlab.Result handshakes = lab.run(COMMAND_TIMEOUT, "wg", "show", wireguard, "latest-handshakes");
            assertEquals(handshakes.output(), 0, handshakes.exit());
            List<String> peers = handshakes.output().lines().filter(l -> !l.isBlank()).toList();
            assertEquals(node + ": " + handshakes.output(), 2, peers.size());
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
        Map<String, Integer> handled = new LinkedHashMap<>();
        for (String node : FIRST_NODES) {
            handled.put(node, Zlab.table(lab.exec(node, "zos:workloads")).size());
        }
        lab.zlabOk(COMMAND_TIMEOUT, "registry", "stop");
        try {
            lab.zlabOk(COMMAND_TIMEOUT, "ping");
        } finally {
            lab.zlabOk(COMMAND_TIMEOUT, "registry", "start");
        }
        // the nodes' polls come back (after their backoff) and find nothing new to do
        for (String node : FIRST_NODES) {
            awaitRegistrySync(node);
            assertEquals(node + " handled workloads again after the registry returned:\n" + lab.exec(node, "zos:workloads"),
                    handled.get(node).intValue(), Zlab.table(lab.exec(node, "zos:workloads")).size());
        }
        lab.zlabOk(COMMAND_TIMEOUT, "ping");
    }

    @Test
    public void c_aFourthNodeJoinsWithoutAPingLostBetweenTheOthers() throws Exception {
        String target = workloadAddress("node2");
        // to a file: destroy() closes the process's pipes, and ping prints its statistics when stopped
        java.nio.file.Path pingLog = java.nio.file.Files.createTempFile(Path.of("target"), "ping-", ".log");
        Process ping = new ProcessBuilder("ip", "netns", "exec", lab.workloadNamespace("node1"), "ping", "-n", "-i", "0.2",
                target).redirectErrorStream(true).redirectOutput(pingLog.toFile()).start();
        String pingOutput;
        try {
            Zlab.Result add = lab.zlab(UP_TIMEOUT, "add-node");
            assertEquals("lab/zlab add-node failed:\n" + add.output(), 0, add.exit());
            assertTrue(add.output(), add.output().contains("all 4 workloads reach each other"));
        } finally {
            ping.destroy(); // SIGTERM
            ping.waitFor(10, TimeUnit.SECONDS);
            pingOutput = java.nio.file.Files.readString(pingLog);
            java.nio.file.Files.delete(pingLog);
        }
        // SIGTERM ends ping without its statistics: the replies' sequence numbers tell what was lost
        List<Integer> replies = Pattern.compile("icmp_seq=(\\d+) ttl=").matcher(pingOutput).results()
                .map(r -> Integer.parseInt(r.group(1))).toList();
        int sent = replies.stream().mapToInt(Integer::intValue).max().orElse(0);
        assertTrue("too few pings to tell:\n" + pingOutput, sent > 20);
        assertEquals("pings lost between node1 and node2 while node4 joined:\n" + pingOutput, sent, replies.size());
    }

    @Test
    public void d_aLaptopWithTheAccessConfigurationReachesTheWorkloadsThroughAPublicNode() throws Exception {
        // the laptop's configuration holds its private key: files 0600, never in a message
        java.nio.file.Path config = Path.of("target", "laptop-" + lab.name() + ".conf").toAbsolutePath();
        java.nio.file.Path wgConfig = Path.of("target", "laptop-" + lab.name() + ".wg").toAbsolutePath();
        String laptop = lab.namespacePrefix() + "n1-laptop";
        String device = "zlt" + lab.name();
        Process wireguard = null;
        try {
            lab.zlabOk(COMMAND_TIMEOUT, "user", "network", "access", "lab", "--out", config.toString());
            String text = java.nio.file.Files.readString(config);
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(config)));
            List<String> addresses = Pattern.compile("(?m)^Address = (.+)$").matcher(text).results()
                    .flatMap(m -> java.util.Arrays.stream(m.group(1).split(",\\s*"))).toList();
            assertFalse("the access configuration has no Address line", addresses.isEmpty());
            // the laptop: a namespace on the lab's switch (under node1's prefix, so down removes it too),
            // wireguard-go with the configuration wg understands (wg-quick's Address lines are its own)
            // created 0600 (the test classpath has no AtomicFiles: the API bundle is Karaf's, not the test JVM's)
            java.nio.file.Files.deleteIfExists(wgConfig);
            java.nio.file.Files.createFile(wgConfig, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            java.nio.file.Files.writeString(wgConfig, text.lines().filter(l -> !l.startsWith("Address"))
                    .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
            sh("ip netns add " + laptop + " && ip -n " + laptop + " link set lo up"
                    + " && ip link add zlt" + lab.name().substring(0, 4) + " netns " + lab.namespacePrefix() + "inet type veth peer name eth0 netns " + laptop
                    + " && ip -n " + lab.namespacePrefix() + "inet link set zlt" + lab.name().substring(0, 4) + " master br-lan up"
                    + " && ip -n " + laptop + " addr add 198.51.100.60/24 dev eth0 && ip -n " + laptop + " link set eth0 up");
            ProcessBuilder go = new ProcessBuilder("ip", "netns", "exec", laptop, "wireguard-go", "-f", device)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            go.environment().put("WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD", "1");
            wireguard = go.start();
            java.nio.file.Path socket = Path.of("/var/run/wireguard", device + ".sock");
            zos.networkd.testlab.Wait.until(Duration.ofSeconds(10), () -> java.nio.file.Files.exists(socket),
                    "the laptop's wireguard-go opens " + socket);
            StringBuilder setup = new StringBuilder("wg setconf " + device + " " + wgConfig);
            for (String address : addresses) {
                setup.append(" && ip -n ").append(laptop).append(" addr add ").append(address).append(" dev ").append(device);
            }
            setup.append(" && ip -n ").append(laptop).append(" link set ").append(device).append(" up")
                    .append(" && ip -n ").append(laptop).append(" route add 10.20.0.0/16 dev ").append(device)
                    .append(" && ip -n ").append(laptop).append(" route add 100.64.0.0/16 dev ").append(device);
            sh(setup.toString());
            for (String node : List.of("node1", "node2", "node3", "node4")) {
                String target = workloadAddress(node);
                Zlab.Result ping = lab.run(COMMAND_TIMEOUT, "ip", "netns", "exec", laptop, "ping", "-n", "-c", "3", "-i",
                        "0.3", "-w", "20", target);
                assertTrue("the laptop cannot reach " + node + "'s workload " + target + ":\n" + ping.output(),
                        ping.output().contains(" 0% packet loss") || Pattern.compile("[1-9]\\d* received").matcher(
                                ping.output()).find());
            }
        } finally {
            if (wireguard != null) {
                wireguard.destroy();
                wireguard.waitFor(10, TimeUnit.SECONDS);
            }
            lab.run(COMMAND_TIMEOUT, "ip", "netns", "del", laptop);
            java.nio.file.Files.deleteIfExists(config);
            java.nio.file.Files.deleteIfExists(wgConfig);
        }
    }

    private static void sh(String script) throws Exception {
        Zlab.Result result = lab.run(COMMAND_TIMEOUT, "sh", "-e", "-c", script);
        assertEquals(script + "\n" + result.output(), 0, result.exit());
    }

    @Test
    public void e_deletingTheNetworkRemovesItFromEveryNode() throws Exception {
        Map<String, String> namespaces = new LinkedHashMap<>();
        for (String node : List.of("node1", "node2", "node3", "node4")) {
            namespaces.put(node, networkRow(node).get("NAMESPACE"));
        }
        lab.zlabOk(COMMAND_TIMEOUT, "user", "network", "delete", "lab");
        List<String> present = namespaces();
        for (Map.Entry<String, String> e : namespaces.entrySet()) {
            String networks = lab.exec(e.getKey(), "zos:networks");
            assertTrue(e.getKey() + " still has a network resource:\n" + networks, networks.contains("no network resources"));
            assertFalse(e.getKey() + ": namespace " + e.getValue() + " is still there", present.contains(e.getValue()));
        }
        String workloads = lab.exec("registry", "grid:workloads");
        long deletedOk = Zlab.table(workloads).stream()
                .filter(row -> row.get("OPERATION").equals("delete") && row.get("RESULT").equals("ok")).count();
        assertEquals("deletions with their results in the registry:\n" + workloads, 4, deletedOk);
    }

    // ---- helpers ----

    /** The node's row of zos:networks for the lab's network. */
    private static Map<String, String> networkRow(String node) throws Exception {
        String networks = lab.exec(node, "zos:networks");
        return Zlab.table(networks).stream().filter(row -> "lab".equals(row.get("NAME"))).findFirst()
                .orElseThrow(() -> new AssertionError(node + " has no resource of network 'lab':\n" + networks));
    }

    /** Until the node's registry client has synced again after the registry returned. */
    private static void awaitRegistrySync(String node) throws Exception {
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        String status = lab.exec(node, "zos:registry");
        while (!Pattern.compile("(?m)^Last error: *-?$").matcher(status).find() && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(2);
            status = lab.exec(node, "zos:registry");
        }
        System.out.println(node + " after the registry returned:\n" + status);
    }

    private static String workloadAddress(String node) throws Exception {
        Zlab.Result addr = lab.run(COMMAND_TIMEOUT, "ip", "-n", lab.workloadNamespace(node), "-4", "-o", "addr", "show",
                "dev", "eth0");
        Matcher m = Pattern.compile("inet (\\S+)/").matcher(addr.output());
        assertTrue(addr.output(), m.find());
        return m.group(1);
    }

    private static List<String> namespaces() throws Exception {
        return lab.run(COMMAND_TIMEOUT, "ip", "netns", "list").output().lines().map(l -> l.split("\\s+")[0]).toList();
    }
}
