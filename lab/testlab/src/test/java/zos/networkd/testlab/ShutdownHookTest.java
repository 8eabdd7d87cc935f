package zos.networkd.testlab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A test JVM stopped from outside (Ctrl-C, surefire's kill) still removes its namespaces. */
class ShutdownHookTest {

    @Test
    void aJvmEndedByTermRemovesTheNamespacesOfItsOpenLab() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HoldsALabOpen.class.getName())
                .redirectErrorStream(true)
                .start();
        String namespace = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            namespace = out.readLine();
            assertTrue(namespace != null && namespace.startsWith("zlab-hook-"), "child printed " + namespace);
            assertTrue(LabTest.ipNetnsList().contains(namespace));

            child.destroy(); // SIGTERM, like surefire or Ctrl-C
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child exits");

            assertFalse(LabTest.ipNetnsList().contains(namespace), "the shutdown hook removed " + namespace);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
            if (namespace != null && namespace.startsWith("zlab-hook-") && LabTest.ipNetnsList().contains(namespace)) {
                Commands.run(List.of("ip", "netns", "del", namespace)); // the child of this test made it
            }
        }
    }

    /** Opens a lab, makes a namespace, prints its name and waits to be killed. */
    public static final class HoldsALabOpen {
        public static void main(String[] args) throws InterruptedException {
            Lab lab = Lab.open("hook");
            System.out.println(lab.namespace("held"));
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
