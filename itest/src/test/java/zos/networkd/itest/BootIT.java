package zos.networkd.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;

import zos.networkd.api.boot.BootService;
import zos.networkd.api.boot.Connectivity;
import zos.networkd.api.boot.ConnectivityState;
import zos.networkd.api.boot.ConnectivityStatus;
import zos.networkd.api.host.HostNetworking;

/**
 * The distribution boots its lab namespace like a node: a veth "NIC" to an upstream namespace with
 * a real dnsmasq and a listener at the registry's address; boot builds zos, takes the lease, goes
 * online; then {@code bundle:update} of the boot bundle leaves bridge, address and lease untouched.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BootIT extends NetworkdTestSupport {
    private static final int REGISTRY_PORT = 8080;

    @Inject
    private HostNetworking host;

    private DhcpUpstream upstream;

    @Override
    protected Option[] extraOptions() {
        return managedNode("http://" + DhcpUpstream.REGISTRY_IP + ":" + REGISTRY_PORT).toArray(new Option[0]);
    }

    @Before
    public void wireTheNodeToAnUpstreamWithDhcp() throws Exception {
        upstream = new DhcpUpstream();
        upstream.listenAsRegistry(host, REGISTRY_PORT);
    }

    @After
    public void removeTheUpstream() throws Exception {
        if (upstream != null) {
            upstream.close();
        }
    }

    private BootService awaitBoot() throws InterruptedException {
        ServiceTracker<BootService, BootService> tracker = new ServiceTracker<>(bundleContext, BootService.class, null);
        tracker.open();
        try {
            BootService boot = tracker.waitForService(15_000);
            assertNotNull("no BootService", boot);
            return boot;
        } finally {
            tracker.close();
        }
    }

    private static List<String> zosAddresses() {
        String out = Ip.run("-4", "-o", "addr", "show", "dev", "zos");
        return out.lines().map(l -> l.replaceAll(".*inet (\\S+).*", "$1")).toList();
    }

    @Test
    public void bootsThroughDhcpAndABundleUpdateOfBootTouchesNothing() throws Exception {
        BootService boot = awaitBoot();
        awaitCondition("online through eth0; timeline: " + boot.status().timeline(), Duration.ofSeconds(60),
                () -> boot.status().state() == ConnectivityState.ONLINE);
        ConnectivityStatus online = boot.status();
        assertEquals("eth0", online.uplinkNic());
        assertEquals("zos", online.bridge());
        // listeners and the Connectivity registration follow the state change on boot's notifier thread
        awaitCondition("Connectivity registered once online", Duration.ofSeconds(5),
                () -> bundleContext.getServiceReference(Connectivity.class) != null);
        String address = online.lease().address().toString();
        assertEquals(List.of(address), zosAddresses());

        String shown = executeCommand("zos:boot");
        System.out.println("zos:boot\n" + shown);
        assertTrue(shown, shown.contains("State:      ONLINE"));
        assertTrue(shown, shown.contains("zos on eth0"));
        assertTrue(shown, shown.contains(address));

        AtomicInteger gaps = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    if (!zosAddresses().contains(address)) {
                        gaps.incrementAndGet();
                    }
                }
            } catch (IllegalStateException interruptedMidCommand) {
                // the test is done watching
            }
        });
        watcher.start();
        Bundle bootBundle = requireBundle(BOOT);
        long before = bootBundle.getLastModified();
        executeCommand("bundle:update " + bootBundle.getBundleId());
        BootService updated = awaitBoot();
        awaitCondition("online again after the update; timeline: " + updated.status().timeline(),
                Duration.ofSeconds(30), () -> updated.status().state() == ConnectivityState.ONLINE
                        && updated.status().lease() != null);
        watcher.interrupt();
        watcher.join();

        assertTrue("the bundle was updated", requireBundle(BOOT).getLastModified() > before);
        assertEquals("the address was missing during the update", 0, gaps.get());
        ConnectivityStatus after = updated.status();
        assertTrue(after.timeline().toString(),
                after.timeline().stream().anyMatch(e -> e.message().startsWith("adopted zos on eth0")));
        assertEquals(address, after.lease().address().toString());
        assertEquals(List.of(address), zosAddresses());
    }
}
