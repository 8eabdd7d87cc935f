package zos.networkd.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The grid registry as an operator gets it: {@code feature:install zos-grid-registry} in the
 * distribution, offline (everything from its system/), then the API over HTTP on Pax Web and the
 * {@code grid:} commands.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GridRegistryIT extends NetworkdTestSupport {
    private static final String REGISTRY_VIEW = "zos.grid.api.registry.RegistryView";
    private static final String BASE = "http://127.0.0.1:8181/grid";

    @Before
    public void registryInstalled() throws Exception {
        LabNamespace.requireLabNamespace();
        if (bundle("zos.grid.registry").isEmpty()) {
            String output = executeCommand("feature:install --no-auto-refresh zos-grid-registry");
            assertFalse(output, output.toLowerCase().contains("error"));
        }
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(bundleContext, REGISTRY_VIEW, null);
        tracker.open();
        try {
            assertNotNull("registry not up within 60 s", tracker.waitForService(60_000));
        } finally {
            tracker.close();
        }
        awaitCondition("registry answering on " + BASE, Duration.ofSeconds(30), () -> {
            try {
                return new GridClient(BASE).status("/openapi.json") == 200;
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    @Test
    public void aNodeRegistersAndPublishesItsNicsOverSignedHttp() throws Exception {
        GridClient grid = new GridClient(BASE);
        assertEquals(List.of(201, 201, 200), grid.registerNodeWithNics());
        assertEquals(List.of("02:5a:00:01:00:00", "02:5a:00:01:00:01"), grid.interfaceMacs());
        assertEquals("unsigned", 401, grid.publishUnsigned());
        assertEquals("signed by someone else", 403, grid.publishAsFarmer());
        assertEquals("nothing changed", 2, grid.interfaceMacs().size());

        String nodes = executeCommand("grid:nodes");
        System.out.println("grid:nodes\n" + nodes);
        assertTrue(nodes, nodes.contains(grid.nodeId()) && nodes.contains("node1"));
        String node = executeCommand("grid:node " + grid.nodeId());
        System.out.println("grid:node\n" + node);
        assertTrue(node, node.contains("02:5a:00:01:00:00") && node.contains("198.51.100.10/24") && node.contains("signed by the node"));
        String farms = executeCommand("grid:farms");
        assertTrue(farms, farms.contains("lab farm"));
        String workloads = executeCommand("grid:workloads");
        assertTrue(workloads, workloads.contains("no workloads"));
        assertTrue(executeCommand("grid:node --help").contains("grid:node"));
    }

    @Test
    public void theRegistryRunsFromTheDistributionAndItsImplementationExportsNothing() throws Exception {
        Path system = Path.of(System.getProperty("karaf.home"), "system");
        for (String name : List.of("zos.grid.registry", "zos.grid.shell", "zos.grid.api", "bcprov", "com.h2database", "com.zaxxer.HikariCP")) {
            Bundle bundle = requireBundle(name);
            assertActive(bundle);
            String location = bundle.getLocation();
            assertTrue(name + " from " + location, location.startsWith("mvn:"));
            String[] coordinates = location.substring("mvn:".length()).split("/");
            Path jar = system.resolve(coordinates[0].replace('.', '/')).resolve(coordinates[1]).resolve(coordinates[2])
                    .resolve(coordinates[1] + "-" + coordinates[2] + ".jar");
            assertTrue(name + " is not in system/: " + jar, Files.isRegularFile(jar));
        }
        for (String name : List.of("zos.grid.registry", "zos.grid.shell")) {
            Bundle bundle = requireBundle(name);
            assertEquals(name + " Export-Package", null, bundle.getHeaders().get("Export-Package"));
            assertTrue(bundle.adapt(BundleWiring.class).getCapabilities(BundleRevision.PACKAGE_NAMESPACE).isEmpty());
        }
        assertTrue(new GridClient(BASE).get("/openapi.json").contains("\"openapi\""));
        assertTrue("H2 file under karaf.data", Files.exists(Path.of(System.getProperty("karaf.data"), "zos-grid", "registry.mv.db")));
        String meta = executeCommand("config:meta zos.grid.registry");
        assertTrue(meta, meta.contains("maxBodyBytes") && meta.contains("basePath"));
    }
}
