package zos.networkd.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;

import zos.networkd.api.nics.NicInventory;

/**
 * NIC discovery in a lab namespace whose "NICs" are veth pairs: eth* ends count as physical
 * (configured below), their up* peers do not.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NicInventoryIT extends NetworkdTestSupport {

    private static final Duration DISCOVERY_DEADLINE = Duration.ofSeconds(1);
    private static final Duration SERVICE_DEADLINE = Duration.ofSeconds(15);

    /** Links a test made; deleted after it (the namespace goes at the end of the run anyway). */
    private final List<String> createdLinks = new ArrayList<>();

    @Override
    protected Option[] extraOptions() {
        String nicsConfig = "etc/zos.networkd.nics.cfg";
        return new Option[] {
            editConfigurationFilePut(nicsConfig, "physicalKinds", "device,veth"),
            editConfigurationFilePut(nicsConfig, "physicalNames", "eth*"),
        };
    }

    @Before
    public void inLabNamespace() {
        LabNamespace.requireLabNamespace();
    }

    @After
    public void deleteCreatedLinks() {
        createdLinks.forEach(Ip::deleteLinkQuietly);
    }

    @Test
    public void nicsCommandListsThePhysicalLabNics() throws Exception {
        addNic("eth0", "up0");
        addNic("eth1", "up1");
        Ip.run("addr", "add", "10.77.0.2/24", "dev", "eth0");
        Ip.run("link", "set", "up0", "up");
        Ip.run("link", "set", "eth0", "up");
        Ip.run("route", "add", "default", "via", "10.77.0.1", "dev", "eth0");
        NicInventory inventory = awaitInventory(SERVICE_DEADLINE);
        awaitCondition("eth0 with its address and gateway, and eth1, in the inventory", Duration.ofSeconds(5),
                () -> inventory.nic("eth1").isPresent() && inventory.nic("eth0")
                        .filter(nic -> nic.addresses().toString().contains("10.77.0.2/24") && nic.carrier()
                                && nic.gateway4() != null && nic.gateway4().getHostAddress().equals("10.77.0.1"))
                        .isPresent());

        String table = executeCommand("zos:nics");
        assertTrue(table, table.contains("NAME") && table.contains("MAC") && table.contains("ADDRESSES"));
        assertTrue(table, row(table, "eth0").contains("10.77.0.2/24"));
        assertTrue(table, row(table, "eth0").contains("v4 10.77.0.1"));
        assertTrue(table, row(table, "eth0").contains(Ip.mac("eth0")));
        assertTrue(table, row(table, "eth0").contains("veth"));
        assertTrue(table, row(table, "eth1").contains(Ip.mac("eth1")));
        assertFalse("peers are not physical NICs:\n" + table, table.contains("up0") || table.contains("up1"));

        String all = executeCommand("zos:nics --all");
        System.out.println("zos:nics\n" + table + "zos:nics --all\n" + all);
        assertTrue(all, all.contains("up0") && all.contains("up1") && all.contains("eth0"));
        assertFalse("loopback is not listed:\n" + all, all.matches("(?s).*\\blo\\b.*"));

        String one = executeCommand("zos:nics eth1");
        assertTrue(one, one.contains("eth1") && !one.contains("eth0"));

        String jsonText = executeCommand("zos:nics --json");
        System.out.println("zos:nics --json\n" + jsonText);
        JsonArray json = JsonParser.parseString(jsonText).getAsJsonArray();
        JsonObject eth0 = byName(json, "eth0");
        assertEquals("veth", eth0.get("kind").getAsString());
        assertTrue(eth0.get("physical").getAsBoolean());
        assertEquals(Ip.mac("eth0"), eth0.get("mac").getAsString());
        assertTrue(eth0.get("adminUp").getAsBoolean());
        assertTrue(eth0.get("carrier").getAsBoolean());
        assertEquals("UP", eth0.get("operState").getAsString());
        assertEquals(1500, eth0.get("mtu").getAsInt());
        assertTrue(eth0.get("master").isJsonNull());
        assertTrue(eth0.getAsJsonArray("addresses").toString(), eth0.getAsJsonArray("addresses").contains(JsonParser.parseString("\"10.77.0.2/24\"")));
        assertEquals("10.77.0.1", eth0.get("gateway4").getAsString());
        assertTrue(eth0.has("gateway6") && eth0.has("index"));
        assertFalse(byName(json, "eth1").get("adminUp").getAsBoolean());
        for (JsonElement element : json) {
            assertTrue("only physical NICs without --all: " + element, element.getAsJsonObject().get("physical").getAsBoolean());
        }
    }

    @Test
    public void addedVethShowsUpWithinOneSecond() throws Exception {
        NicInventory inventory = awaitInventory(SERVICE_DEADLINE);
        assertFalse(inventory.nic("eth7").isPresent());
        long before = inventory.generation();
        long start = System.nanoTime();
        addNic("eth7", "up7");
        awaitCondition("eth7 in the inventory", DISCOVERY_DEADLINE, () -> inventory.nic("eth7").isPresent());
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("eth7 discovered " + elapsedMillis + " ms after ip link add");
        assertTrue(inventory.physicalNics().stream().anyMatch(nic -> nic.name().equals("eth7")));
        assertFalse(inventory.physicalNics().stream().anyMatch(nic -> nic.name().equals("up7")));
        assertTrue(inventory.nics().stream().anyMatch(nic -> nic.name().equals("up7")));
        assertTrue("generation grows with changes", inventory.generation() > before);

        Ip.deleteLinkQuietly("eth7");
        awaitCondition("eth7 gone from the inventory", DISCOVERY_DEADLINE, () -> inventory.nic("eth7").isEmpty());
    }

    @Test
    public void updatingTheNicsBundleKeepsTheInventoryWorkingWithoutARefresh() throws Exception {
        updateWithoutRefresh(NICS, "eth20", "up20");
    }

    @Test
    public void updatingTheNetlinkBundleKeepsTheInventoryWorkingWithoutARefresh() throws Exception {
        updateWithoutRefresh(NETLINK, "eth21", "up21");
    }

    @Test
    public void updatingTheShellBundleKeepsItsCommandsWithoutARefresh() throws Exception {
        addNic("eth22", "up22");
        NicInventory inventory = awaitInventory(SERVICE_DEADLINE);
        awaitCondition("eth22 in the inventory", DISCOVERY_DEADLINE, () -> inventory.nic("eth22").isPresent());
        UpdateWatch watch = UpdateWatch.start(bundleContext, requireBundle(SHELL));
        try {
            // through the Karaf command, as an operator does it (the command's own bundle)
            executeCommand("bundle:update " + requireBundle(SHELL).getBundleId());
            awaitCondition("shell bundle active again", Duration.ofSeconds(10), () -> requireBundle(SHELL).getState() == Bundle.ACTIVE);
            awaitCondition("zos:nics registered again", Duration.ofSeconds(10),
                    () -> executeCommandQuietly("zos:nics").contains("eth22"));
        } finally {
            watch.stop();
        }
        watch.assertNothingElseMoved();
    }

    /**
     * Updates a bundle with {@code bundle:update} (no --refresh), then checks that the inventory
     * comes back and sees a NIC added after the update, and that no other bundle moved.
     */
    private void updateWithoutRefresh(String symbolicName, String nic, String peer) throws Exception {
        awaitInventory(SERVICE_DEADLINE);
        Bundle bundle = requireBundle(symbolicName);
        UpdateWatch watch = UpdateWatch.start(bundleContext, bundle);
        try {
            String output = executeCommand("bundle:update " + bundle.getBundleId());
            assertFalse(output, output.toLowerCase().contains("error"));
            awaitCondition(symbolicName + " active again", Duration.ofSeconds(10), () -> bundle.getState() == Bundle.ACTIVE);
            awaitCondition("inventory answering after the update", SERVICE_DEADLINE,
                    () -> askCurrentInventory(inventory -> inventory.nics() != null));
            addNic(nic, peer);
            awaitCondition(nic + " seen by the inventory after the update", DISCOVERY_DEADLINE,
                    () -> askCurrentInventory(inventory -> inventory.nic(nic).isPresent()));
            String listing = executeCommand("zos:nics");
            assertTrue(listing, listing.contains(nic));
        } finally {
            watch.stop();
        }
        watch.assertNothingElseMoved();
    }

    /** Asks the inventory registered right now; false while there is none or it is going away. */
    private boolean askCurrentInventory(Predicate<NicInventory> question) {
        ServiceReference<NicInventory> reference = bundleContext.getServiceReference(NicInventory.class);
        if (reference == null) {
            return false;
        }
        NicInventory inventory = bundleContext.getService(reference);
        try {
            return inventory != null && question.test(inventory);
        } catch (RuntimeException deactivating) {
            return false;
        } finally {
            bundleContext.ungetService(reference);
        }
    }

    private String executeCommandQuietly(String command) {
        try {
            return executeCommand(command);
        } catch (AssertionError e) {
            return "";
        }
    }

    private void addNic(String name, String peer) {
        Ip.addVeth(name, peer);
        createdLinks.add(name);
    }

    private static String row(String table, String name) {
        for (String line : table.split("\\R")) {
            if (line.startsWith(name + " ")) {
                return line;
            }
        }
        throw new AssertionError("no row for " + name + " in:\n" + table);
    }

    private static JsonObject byName(JsonArray nics, String name) {
        for (JsonElement element : nics) {
            if (name.equals(element.getAsJsonObject().get("name").getAsString())) {
                return element.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + name + " in " + nics);
    }

    /**
     * Records, while a bundle is updated, every framework refresh and every event of another
     * bundle, and compares the other bundles' state and last-modified time before and after.
     * Felix purges the old revision of an updated bundle that nobody is wired to with a refresh
     * of that bundle alone, so one PACKAGES_REFRESHED is expected; what must not happen is a
     * refresh that reaches another bundle (it would stop, unresolve and restart it).
     */
    private static final class UpdateWatch implements SynchronousBundleListener, FrameworkListener {
        private final BundleContext context;
        private final Bundle updated;
        private final long updatedLastModified;
        private final Map<Long, String> othersBefore;
        private final List<String> foreignEvents = new CopyOnWriteArrayList<>();
        private final List<String> refreshes = new CopyOnWriteArrayList<>();
        private final List<Integer> updatedEvents = new CopyOnWriteArrayList<>();

        private UpdateWatch(BundleContext context, Bundle updated) {
            this.context = context;
            this.updated = updated;
            this.updatedLastModified = updated.getLastModified();
            this.othersBefore = snapshotOthers(context, updated);
        }

        static UpdateWatch start(BundleContext context, Bundle updated) {
            UpdateWatch watch = new UpdateWatch(context, updated);
            context.addBundleListener(watch);
            context.addFrameworkListener(watch);
            return watch;
        }

        void stop() {
            context.removeBundleListener(this);
            context.removeFrameworkListener(this);
        }

        @Override
        public void bundleChanged(BundleEvent event) {
            if (event.getBundle().getBundleId() == updated.getBundleId()) {
                updatedEvents.add(event.getType());
            } else {
                foreignEvents.add(event.getBundle().getSymbolicName() + " event " + event.getType());
            }
        }

        @Override
        public void frameworkEvent(FrameworkEvent event) {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshes.add("PACKAGES_REFRESHED");
            }
        }

        void assertNothingElseMoved() {
            assertTrue(updated.getSymbolicName() + " was updated: " + updatedEvents, updatedEvents.contains(BundleEvent.UPDATED));
            assertNotEquals("last-modified of the updated bundle", updatedLastModified, updated.getLastModified());
            assertTrue("other bundles moved during the update (refreshes: " + refreshes + "): " + foreignEvents,
                    foreignEvents.isEmpty());
            assertEquals("other bundles' state and last-modified", othersBefore, snapshotOthers(context, updated));
        }

        private static Map<Long, String> snapshotOthers(BundleContext context, Bundle updated) {
            Map<Long, String> snapshot = new HashMap<>();
            for (Bundle bundle : context.getBundles()) {
                if (bundle.getBundleId() != updated.getBundleId()) {
                    snapshot.put(bundle.getBundleId(), bundle.getSymbolicName() + " state " + bundle.getState()
                            + " modified " + bundle.getLastModified());
                }
            }
            return snapshot;
        }
    }
}
