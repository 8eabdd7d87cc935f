package zos.networkd.testlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabTest {
    @TempDir
    Path logs;

    @Test
    void twoNamespacesJoinedByAVethAreSeenByIpAndGoneAfterClose() {
        String a;
        String b;
        try (Lab lab = Lab.open("labtest")) {
            assertTrue(lab.prefix().matches("zlab-labtest-[0-9a-f]{4}"), lab.prefix());
            a = lab.namespace("a");
            b = lab.namespace("b");
            assertEquals(List.of(a, b), lab.namespaces());
            assertTrue(ipNetnsList().containsAll(List.of(a, b)));

            lab.veth(a, "va", b, "vb");

            JsonObject va = only(lab.ipJson(a, "-d", "link", "show", "dev", "va"));
            assertEquals("va", va.get("ifname").getAsString());
            assertEquals("veth", va.getAsJsonObject("linkinfo").get("info_kind").getAsString());
            JsonObject vb = only(lab.ipJson(b, "-d", "link", "show", "dev", "vb"));
            assertEquals("veth", vb.getAsJsonObject("linkinfo").get("info_kind").getAsString());
            assertTrue(only(lab.ipJson(a, "link", "show", "dev", "lo")).getAsJsonArray("flags")
                    .contains(new JsonPrimitive("UP")), "lo is up in a new namespace");
            assertFalse(names(lab.ipJson(null, "link", "show")).stream().anyMatch(n -> n.equals("va") || n.equals("vb")),
                    "nothing of the lab in the JVM's own namespace");
        }
        List<String> remaining = ipNetnsList();
        assertFalse(remaining.contains(a), remaining::toString);
        assertFalse(remaining.contains(b), remaining::toString);
    }

    @Test
    void aFailingCommandNamesArgvExitCodeAndStderr() {
        try (Lab lab = Lab.open("labtest")) {
            CommandFailedException failure = assertThrows(CommandFailedException.class,
                    () -> lab.run("ip", "link", "show", "dev", "zlab-nosuchlink"));
            assertEquals(List.of("ip", "link", "show", "dev", "zlab-nosuchlink"), failure.argv());
            assertTrue(failure.exitCode() > 0);
            assertTrue(failure.stderr().contains("does not exist"), failure.stderr());
            assertTrue(failure.getMessage().contains("ip link show dev zlab-nosuchlink"), failure.getMessage());
            assertTrue(failure.getMessage().contains("exit " + failure.exitCode()), failure.getMessage());
        }
    }

    @Test
    void aCommandThatOverrunsItsTimeoutIsKilled() {
        CommandFailedException failure = assertThrows(CommandFailedException.class,
                () -> Commands.run(List.of("sleep", "30"), Duration.ofMillis(200)));
        assertTrue(failure.getMessage().contains("timed out"), failure.getMessage());
        assertEquals(CommandFailedException.NO_EXIT_CODE, failure.exitCode());
    }

    @Test
    void aProcessRunsInsideTheNamespaceAndStopsOnTerm() throws IOException {
        try (Lab lab = Lab.open("labtest")) {
            String ns = lab.namespace("p");
            Path log = logs.resolve("sleep.log");
            LabProcess sleep = lab.start(ns, List.of("sleep", "600"), log);

            String expected = netnsInode(Path.of("/run/netns", ns));
            // nsenter needs a moment to enter the namespace and exec the command
            Wait.until(Duration.ofSeconds(5), () -> netnsOf(sleep.pid()).equals(expected), "sleep runs in " + ns);
            assertEquals(143, sleep.stop(), "exit by SIGTERM");
            assertFalse(sleep.isAlive());
            assertEquals(143, sleep.stop(), "stop is idempotent");
        }
    }

    @Test
    void aProcessIgnoringTermIsKilledWithItsChildren() {
        try (Lab lab = Lab.open("labtest")) {
            String ns = lab.namespace("p");
            LabProcess stubborn = lab.start(ns, List.of("sh", "-c", "trap '' TERM; sleep 600; true"),
                    logs.resolve("stubborn.log"));
            Wait.until(Duration.ofSeconds(5), () -> stubborn.isAlive() && childrenOf(stubborn.pid()) > 0,
                    "the shell has started its sleep");
            List<ProcessHandle> children = ProcessHandle.of(stubborn.pid()).orElseThrow().children().toList();

            stubborn.stop(Duration.ofMillis(200));

            assertFalse(stubborn.isAlive());
            assertTrue(children.stream().allMatch(LabTest::deadOrZombie), "the ignored-TERM child is killed too");
        }
    }

    @Test
    void closeStopsProcessesAndIsIdempotent() {
        Lab lab = Lab.open("labtest");
        String ns = lab.namespace("p");
        LabProcess sleep = lab.start(ns, List.of("sleep", "600"), logs.resolve("sleep.log"));

        lab.close();
        lab.close();

        assertFalse(sleep.isAlive());
        assertFalse(ipNetnsList().contains(ns));
        assertThrows(IllegalStateException.class, () -> lab.namespace("again"));
    }

    @Test
    void adoptedAndDeletedNamespacesAreTracked() {
        String made;
        try (Lab lab = Lab.open("labtest")) {
            // as code under test would: create a namespace under a name the lab handed out
            made = lab.name("made");
            lab.run("ip", "netns", "add", made);
            lab.adopt(made);
            String early = lab.namespace("early");
            lab.deleteNamespace(early);
            assertFalse(ipNetnsList().contains(early));
            assertEquals(List.of(made), lab.namespaces());
        }
        assertFalse(ipNetnsList().contains(made));
    }

    @Test
    void aNamespaceThatAlreadyExistsIsNotRecordedAgain() {
        try (Lab lab = Lab.open("labtest")) {
            String a = lab.namespace("a");
            assertThrows(CommandFailedException.class, () -> lab.namespace("a"));
            assertEquals(List.of(a), lab.namespaces());
        }
    }

    @Test
    void refusesToChangeAnythingOutsideItsNamespaces() {
        try (Lab lab = Lab.open("labtest")) {
            String own = lab.namespace("a");
            assertThrows(IllegalArgumentException.class, () -> lab.veth(null, "x0", own, "x1"));
            assertThrows(IllegalArgumentException.class, () -> lab.veth("zlab-other-0000-a", "x0", own, "x1"));
            assertThrows(IllegalArgumentException.class, () -> lab.runIn(null, "true"));
            assertThrows(IllegalArgumentException.class, () -> lab.start("init", List.of("true"), logs.resolve("x")));
            assertThrows(IllegalArgumentException.class, () -> lab.ipJson(null, "link", "add", "x0", "type", "dummy"));
            assertThrows(IllegalArgumentException.class, () -> lab.adopt("zlab-other-0000-a"));
            assertThrows(IllegalArgumentException.class, () -> lab.veth(own, "much-too-long-name", own, "x1"));
            assertThrows(IllegalArgumentException.class, () -> lab.name("a-much-too-long-short-name"));
            assertThrows(IllegalArgumentException.class, () -> Lab.open("Not-Valid"));
            assertFalse(names(lab.ipJson(null, "link", "show")).contains("x0"));
        }
    }

    @Test
    void runInRunsInsideTheNamespace() {
        try (Lab lab = Lab.open("labtest")) {
            String ns = lab.namespace("a");
            lab.run("ip", "-n", ns, "link", "add", "br-x", "type", "bridge");
            assertTrue(lab.runIn(ns, "ip", "-o", "link", "show").contains("br-x"));
            assertTrue(lab.runIn(ns, "cat", "/proc/net/dev").contains("br-x"), "/proc/net shows the entered namespace");
        }
    }

    static List<String> ipNetnsList() {
        return Arrays.stream(Commands.run(List.of("ip", "netns", "list")).split("\n"))
                .filter(line -> !line.isBlank())
                .map(line -> line.split(" ")[0])
                .toList();
    }

    private static JsonObject only(JsonArray array) {
        assertEquals(1, array.size(), array::toString);
        return array.get(0).getAsJsonObject();
    }

    private static List<String> names(JsonArray links) {
        return links.asList().stream().map(JsonElement::getAsJsonObject).map(l -> l.get("ifname").getAsString()).toList();
    }

    /** A killed orphan stays a zombie until init reaps it, which takes seconds on this machine. */
    private static boolean deadOrZombie(ProcessHandle process) {
        try {
            return !process.isAlive()
                    || Files.readString(Path.of("/proc", Long.toString(process.pid()), "status")).contains("State:\tZ");
        } catch (IOException gone) {
            return true;
        }
    }

    private static long childrenOf(long pid) {
        return ProcessHandle.of(pid).map(p -> p.children().count()).orElse(0L);
    }

    private static String netnsOf(long pid) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net")).toString();
    }

    private static String netnsInode(Path namedNamespace) throws IOException {
        return "net:[" + Files.getAttribute(namedNamespace, "unix:ino") + "]";
    }
}
