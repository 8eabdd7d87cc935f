package zos.networkd.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.identity.NodeIdentity;
import zos.networkd.api.nics.NicInventory;

/** The distribution as shipped: what runs, what is exported, how the operator console is exposed. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT extends NetworkdTestSupport {

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private HostNetworking host;

    // waiting for it also makes Pax Exam wait until networkd is up (and activates a delayed component)
    @Inject
    private NicInventory inventory;

    @Test
    public void networkdBundlesAreActive() {
        for (String name : NETWORKD_BUNDLES) {
            assertActive(requireBundle(name));
        }
        for (Bundle bundle : bundleContext.getBundles()) {
            if (bundle.getSymbolicName() != null && bundle.getSymbolicName().startsWith("zos.")) {
                assertActive(bundle);
            }
        }
    }

    @Test
    public void netlinkAndNicsComponentsAreActive() {
        assertComponentActive(NETLINK, "zos.networkd.api.host.HostNetworking");
        assertComponentActive(NICS, "zos.networkd.api.nics.NicInventory");
        assertComponentActive(BOOT, "zos.networkd.api.boot.BootService");
        assertComponentActive(IDENTITY, "zos.networkd.api.identity.NodeIdentity");
        assertComponentActive(PROVISION, "zos.networkd.api.provision.ProvisionLog");
        String workloads = executeCommand("zos:workloads");
        assertTrue(workloads, workloads.contains("no workloads handled yet"));
    }

    @Test
    public void networkResourcesAreRefusedWhereTheOperatorDidNotOptIn() throws IOException {
        assertComponentActive(MESH, "zos.networkd.api.mesh.NetworkResourceManager");
        assertComponentActive(NFTABLES, "zos.networkd.api.nftables.NftablesService");
        Path file = Path.of(System.getProperty("karaf.data"), "demo-nr.json");
        Files.writeString(file, "{\"networkId\": \"demo\", \"ipRange\": \"10.1.0.0/16\", \"subnet\": \"10.1.1.0/24\"}");
        String refused = executeCommand("zos:nr-apply " + file);
        assertTrue(refused, refused.contains("Not applied") && refused.contains("manageOwnNamespace"));
        assertTrue(executeCommand("zos:networks").contains("no network resources"));
        String help = executeCommand("zos:nr-apply --help");
        assertTrue(help, help.contains("networkId") && help.contains("listenPort"));
        String meta = executeCommand("config:meta zos.networkd.mesh");
        assertTrue(meta, meta.contains("nodeNamespace") && meta.contains("uplinkInterface"));
    }

    @Test
    public void bootOnlyReadsWhereTheOperatorDidNotOptIn() {
        String boot = executeCommand("zos:boot");
        System.out.println("zos:boot\n" + boot);
        assertTrue(boot, boot.contains("State:      UNMANAGED"));
        assertTrue(boot, boot.contains("not managing the node's NICs"));
        assertTrue(boot, boot.contains("Uplink:     -"));
    }

    @Test
    public void onlyTheApiBundleExportsPackages() {
        for (String name : IMPLEMENTATION_BUNDLES) {
            Bundle bundle = requireBundle(name);
            assertEquals(name + " Export-Package header", null, bundle.getHeaders().get("Export-Package"));
            List<BundleCapability> exported = bundle.adapt(BundleWiring.class).getCapabilities(BundleRevision.PACKAGE_NAMESPACE);
            assertTrue(name + " exports " + exported, exported.isEmpty());
        }
        Set<String> apiPackages = new TreeSet<>();
        for (BundleCapability capability : requireBundle(API).adapt(BundleWiring.class).getCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
            apiPackages.add(capability.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE) + ";"
                    + capability.getAttributes().get("version"));
        }
        assertEquals(Set.of("zos.networkd.api.host;1.1.0", "zos.networkd.api.netlink;1.0.0", "zos.networkd.api.nics;1.0.0",
                "zos.networkd.api.boot;1.0.0", "zos.networkd.api.wireguard;1.0.0", "zos.networkd.api.ports;1.0.0",
                "zos.networkd.api.files;1.3.0", "zos.networkd.api.identity;1.0.0", "zos.networkd.api.nftables;1.0.0",
                "zos.networkd.api.mesh;1.0.0", "zos.networkd.api.provision;1.0.0"), apiPackages);
    }

    @Test
    public void statusShowsEveryNetworkdBundleAndItsComponentsActive() {
        String status = executeCommand("zos:status");
        System.out.println("zos:status\n" + status);
        assertTrue(status, status.contains("BUNDLE") && status.contains("COMPONENT") && status.contains("STATE"));
        assertTrue(status, rowWith(status, NETLINK + " [", NETLINK).contains(" ACTIVE "));
        assertTrue(status, rowWith(status, NICS + " [", NICS).contains(" ACTIVE "));
        assertTrue(status, rowWith(status, API + " [", "no DS components").contains(" ACTIVE "));
        assertTrue(status, status.contains(SHELL + " ["));
    }

    @Test
    public void statusAndNicsExplainAStoppedNicsBundle() throws Exception {
        Bundle nics = requireBundle(NICS);
        nics.stop();
        try {
            String status = executeCommand("zos:status");
            assertTrue(status, rowWith(status, NICS + " [", "RESOLVED").contains("not started"));
            String listing = executeCommand("zos:nics");
            assertTrue(listing, listing.contains(
                    "NIC inventory not available: component zos.networkd.nics is not active — see zos:status"));
            assertFalse(listing, listing.contains("Exception"));
        } finally {
            nics.start();
        }
        awaitInventory(Duration.ofSeconds(10));
        assertTrue(rowWith(executeCommand("zos:status"), NICS + " [", NICS).contains(" ACTIVE "));
    }

    @Test
    public void statusNamesTheMissingServiceWhenNetlinkIsStopped() throws Exception {
        Bundle netlink = requireBundle(NETLINK);
        netlink.stop();
        try {
            String status = executeCommand("zos:status");
            System.out.println("zos:status with netlink stopped\n" + status);
            assertTrue(status, rowWith(status, NETLINK + " [", "RESOLVED").contains("not started"));
            String nicsRow = rowWith(status, NICS + " [", NICS);
            assertTrue(status, nicsRow.contains(" UNSATISFIED ") && nicsRow.contains("zos.networkd.api.host.HostNetworking"));
        } finally {
            netlink.start();
        }
        awaitInventory(Duration.ofSeconds(10));
        assertTrue(rowWith(executeCommand("zos:status"), NICS + " [", NICS).contains(" ACTIVE "));
    }

    @Test
    public void distributionCarriesEveryBundleItRuns() {
        // a bundle missing from system/ would have to come from a Maven repository: not offline
        Path system = Path.of(System.getProperty("karaf.home"), "system");
        for (Bundle bundle : bundleContext.getBundles()) {
            String location = bundle.getLocation();
            String name = String.valueOf(bundle.getSymbolicName());
            if (name.startsWith("zos.") || name.equals("com.sun.jna") || name.equals("com.google.gson")) {
                assertTrue(name + " location " + location, location.startsWith("mvn:"));
                String[] coordinates = location.substring("mvn:".length()).split("/");
                Path jar = system.resolve(coordinates[0].replace('.', '/')).resolve(coordinates[1]).resolve(coordinates[2])
                        .resolve(coordinates[1] + "-" + coordinates[2] + ".jar");
                assertTrue(name + " is not in system/: " + jar, Files.isRegularFile(jar));
            }
        }
    }

    @Test
    public void nodeIdentityLivesInTheDataDirectoryAndSurvivesUpdateAndReinstall() throws Exception {
        String id = awaitIdentity().nodeId();
        Path directory = Path.of(System.getProperty("karaf.data"), "zos", "identity");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
        for (String file : List.of("identity.key", "agreement.key")) {
            assertEquals(file, "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(file))));
        }
        byte[] key = Files.readAllBytes(directory.resolve("identity.key"));

        Bundle identity = requireBundle(IDENTITY);
        executeCommand("bundle:update " + identity.getBundleId());
        awaitCondition("identity bundle active again", Duration.ofSeconds(10), () -> identity.getState() == Bundle.ACTIVE);
        assertEquals("same id after bundle:update", id, awaitIdentity().nodeId());

        String location = identity.getLocation();
        identity.uninstall();
        Bundle reinstalled = bundleContext.installBundle(location);
        reinstalled.start();
        assertEquals("same id after uninstall and install", id, awaitIdentity().nodeId());
        assertTrue("key file untouched", java.util.Arrays.equals(key, Files.readAllBytes(directory.resolve("identity.key"))));
    }

    private NodeIdentity awaitIdentity() throws InterruptedException {
        ServiceTracker<NodeIdentity, NodeIdentity> tracker = new ServiceTracker<>(bundleContext, NodeIdentity.class, null);
        tracker.open();
        try {
            NodeIdentity identity = tracker.waitForService(15_000);
            assertNotNull("no NodeIdentity service within 15 s", identity);
            return identity;
        } finally {
            tracker.close();
        }
    }

    @Test
    public void commandsFollowKarafConventions() {
        String help = executeCommand("zos:nics --help");
        assertTrue(help, help.contains("--all") && help.contains("--json") && help.contains("zos:nics"));
        String statusHelp = executeCommand("zos:status --help");
        assertTrue(statusHelp, statusHelp.contains("zos:status"));
    }

    @Test
    public void sshListensOnLoopbackOnly() throws Exception {
        Configuration shell = configurationAdmin.getConfiguration("org.apache.karaf.shell", null);
        Dictionary<String, Object> properties = shell.getProperties();
        assertNotNull("no org.apache.karaf.shell configuration", properties);
        assertEquals("127.0.0.1", String.valueOf(properties.get("sshHost")).trim());
        int port = Integer.parseInt(String.valueOf(properties.get("sshPort")).trim());

        // the kernel's view (this process's namespace): every listening socket on the port is on 127.0.0.1
        // (the SSH server may still be starting when the first test runs)
        awaitCondition("SSH listening on port " + port, Duration.ofSeconds(30), () -> !sshListeners(port).isEmpty());
        List<String> listeners = sshListeners(port);
        for (String address : listeners) {
            assertTrue("SSH listens on " + address, address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F"));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            assertTrue(readLine(socket.getInputStream()).startsWith("SSH-2.0-"));
        }

        // and from an address of another interface of the namespace it is refused
        Ip.addVeth("sshnic0", "sshnic1");
        try {
            Ip.run("addr", "add", "10.254.0.1/24", "dev", "sshnic0");
            Ip.run("link", "set", "sshnic0", "up");
            Ip.run("link", "set", "sshnic1", "up");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("10.254.0.1", port), 2000);
                fail("SSH answered on 10.254.0.1:" + port);
            } catch (ConnectException expected) {
                // refused: nothing listens there
            }
        } finally {
            Ip.deleteLinkQuietly("sshnic0");
        }
    }

    @Test
    public void configurationDefaultsAreInEtcDescribedAndSafe() throws IOException {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        assertHasLine(etc.resolve("zos.networkd.netlink.cfg"), "manageOwnNamespace = false");
        assertHasLine(etc.resolve("zos.networkd.nics.cfg"), "physicalKinds = device");
        assertHasLine(etc.resolve("zos.networkd.nics.cfg"), "physicalNames = *");

        String netlinkProperties = executeCommand("config:property-list --pid zos.networkd.netlink");
        assertTrue(netlinkProperties, netlinkProperties.contains("manageOwnNamespace = false"));
        String nicsProperties = executeCommand("config:property-list --pid zos.networkd.nics");
        assertTrue(nicsProperties, nicsProperties.contains("physicalKinds = device") && nicsProperties.contains("physicalNames = *"));

        String netlinkMeta = executeCommand("config:meta zos.networkd.netlink");
        assertTrue(netlinkMeta, netlinkMeta.contains("manageOwnNamespace"));
        String nicsMeta = executeCommand("config:meta zos.networkd.nics");
        assertTrue(nicsMeta, nicsMeta.contains("physicalKinds") && nicsMeta.contains("physicalNames"));

        // the safety default in force: networkd refuses to change the namespace Karaf runs in
        assertFalse(host.ownNamespaceWritable());
    }

    @Test
    public void noLoginUserIsShipped() throws IOException {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        List<String> users = activeEntries(etc.resolve("users.properties"));
        assertTrue("users.properties defines " + users, users.isEmpty());
        List<String> keys = activeEntries(etc.resolve("keys.properties"));
        assertTrue("keys.properties defines " + keys, keys.isEmpty());
    }

    // ---- helpers ----

    private static void assertHasLine(Path file, String line) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertTrue(file + " has no line '" + line + "':\n" + lines, lines.stream().map(String::trim).anyMatch(line::equals));
    }

    private void assertComponentActive(String name, String service) {
        ComponentDescriptionDTO description = null;
        for (ComponentDescriptionDTO candidate : scr.getComponentDescriptionDTOs(requireBundle(name))) {
            if (name.equals(candidate.name)) {
                description = candidate;
            }
        }
        assertNotNull("no component " + name, description);
        assertTrue(name + " provides " + List.of(description.serviceInterfaces),
                List.of(description.serviceInterfaces).contains(service));
        Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
        assertEquals(name + " configurations", 1, configurations.size());
        ComponentConfigurationDTO configuration = configurations.iterator().next();
        assertEquals(name + " state (failure: " + configuration.failure + ")", ComponentConfigurationDTO.ACTIVE, configuration.state);
    }

    /** The line of a zos:status table that contains both texts. */
    private static String rowWith(String table, String first, String second) {
        for (String line : table.split("\\R")) {
            if (line.contains(first) && line.contains(second)) {
                return line + " ";
            }
        }
        throw new AssertionError("no row with '" + first + "' and '" + second + "' in:\n" + table);
    }

    private static List<String> sshListeners(int port) {
        try {
            List<String> listeners = new ArrayList<>(listeningAddresses(Path.of("/proc/net/tcp"), port));
            listeners.addAll(listeningAddresses(Path.of("/proc/net/tcp6"), port));
            return listeners;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Local addresses (hex, as the kernel prints them) of sockets in LISTEN state (0A) on the port. */
    private static List<String> listeningAddresses(Path table, int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        if (!Files.exists(table)) {
            return addresses;
        }
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> lines = Files.readAllLines(table);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            String[] local = fields[1].split(":");
            if (local[1].equals(hexPort) && fields[3].equals("0A")) {
                addresses.add(local[0]);
            }
        }
        return addresses;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    /** Non-comment entries of a JAAS properties file, leaving out group definitions (_g_:NAME = roles). */
    private static List<String> activeEntries(Path file) throws IOException {
        List<String> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!") || trimmed.startsWith("_g_\\:")) {
                continue;
            }
            entries.add(trimmed.split("[=\\s]", 2)[0]);
        }
        return entries;
    }
}
