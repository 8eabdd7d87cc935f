package zos.networkd.testlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

@ExtendWith(LabExtension.class)
class LabExtensionTest {
    private static Lab labOfBeforeAll;
    private static String shared;

    @BeforeAll
    static void createASharedNamespace(Lab lab) {
        labOfBeforeAll = lab;
        shared = lab.namespace("shared");
    }

    @Test
    void testsGetTheLabOfTheirClass(Lab lab) {
        assertSame(labOfBeforeAll, lab);
        assertTrue(lab.prefix().startsWith("zlab-labexten-"), lab.prefix());
        assertTrue(LabTest.ipNetnsList().contains(shared));
    }

    @Test
    void theLabPurposeComesFromTheClassName() {
        assertEquals("labexten", LabExtension.purposeOf(LabExtensionTest.class));
        assertEquals("netlinkl", LabExtension.purposeOf(NetlinkLinksIT.class));
    }

    @Test
    void aFailingTestStillHasItsNamespacesRemoved() {
        EngineExecutionResults results = run(FailsAfterCreatingANamespace.class);

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertNotNull(FailsAfterCreatingANamespace.created);
        assertFalse(LabTest.ipNetnsList().contains(FailsAfterCreatingANamespace.created));
        assertTrue(classResult(results).getStatus() == TestExecutionResult.Status.SUCCESSFUL,
                () -> "the host check passes: " + classResult(results));
    }

    @Test
    void aNamespaceLeftUnderTheLabsPrefixFailsTheClass() {
        try {
            EngineExecutionResults results = run(LeaksANamespace.class);

            results.testEvents().assertStatistics(stats -> stats.succeeded(1));
            TestExecutionResult classResult = classResult(results);
            assertEquals(TestExecutionResult.Status.FAILED, classResult.getStatus());
            String message = classResult.getThrowable().orElseThrow().getMessage();
            assertTrue(message.contains("namespaces: + " + LeaksANamespace.leaked), message);
            assertTrue(message.contains("remain"), message);
        } finally {
            // made by LeaksANamespace in this JVM, deliberately outside its lab's records
            if (LeaksANamespace.leaked != null && LabTest.ipNetnsList().contains(LeaksANamespace.leaked)) {
                Commands.run(List.of("ip", "netns", "del", LeaksANamespace.leaked));
            }
        }
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    private static TestExecutionResult classResult(EngineExecutionResults results) {
        return results.containerEvents().finished().stream()
                .filter(event -> event.getTestDescriptor().getSource().filter(ClassSource.class::isInstance).isPresent())
                .map(event -> event.getRequiredPayload(TestExecutionResult.class))
                .findFirst()
                .orElseThrow();
    }

    /** Only for its name. */
    static class NetlinkLinksIT {
    }

    /** Run through the test kit only (surefire skips nested classes). */
    @ExtendWith(LabExtension.class)
    static class FailsAfterCreatingANamespace {
        static volatile String created;

        @Test
        void createsThenFails(Lab lab) {
            created = lab.namespace("doomed");
            fail("deliberately");
        }
    }

    /** Run through the test kit only (surefire skips nested classes). */
    @ExtendWith(LabExtension.class)
    static class LeaksANamespace {
        static volatile String leaked;

        @Test
        void createsANamespaceBehindTheLabsBack(Lab lab) {
            leaked = lab.name("leak");
            lab.run("ip", "netns", "add", leaked);
        }
    }
}
