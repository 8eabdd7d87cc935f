package zos.networkd.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import zos.networkd.api.nics.NicInventory;

/**
 * Boots the just-built distribution (by file path) with Pax Exam. Runs in two JVMs: the failsafe
 * fork, which builds the configuration and starts Karaf, and Karaf, where the test methods run.
 * Both are in the same lab network namespace (see {@link LabNamespace}).
 */
public abstract class NetworkdTestSupport {

    static final String API = "zos.networkd.api";
    static final String NETLINK = "zos.networkd.netlink";
    static final String NICS = "zos.networkd.nics";
    static final String BOOT = "zos.networkd.boot";
    static final String SHELL = "zos.networkd.shell";
    static final String WIREGUARD = "zos.networkd.wireguard";
    static final String PORTS = "zos.networkd.ports";
    static final String IDENTITY = "zos.networkd.identity";
    static final String REGISTRY = "zos.networkd.registry";
    static final String GRID_API = "zos.grid.api";
    static final String NFTABLES = "zos.networkd.nftables";
    static final String MESH = "zos.networkd.mesh";
    static final String PROVISION = "zos.networkd.provision";
    static final List<String> NETWORKD_BUNDLES = List.of(API, NETLINK, NICS, BOOT, WIREGUARD, PORTS, NFTABLES, MESH, SHELL,
            IDENTITY, REGISTRY, PROVISION, GRID_API);
    static final List<String> IMPLEMENTATION_BUNDLES = List.of(NETLINK, NICS, BOOT, WIREGUARD, PORTS, NFTABLES, MESH, SHELL,
            IDENTITY, REGISTRY, PROVISION);

    static {
        if (FrameworkUtil.getBundle(NetworkdTestSupport.class) == null) {
            // In the failsafe fork only: Pax Exam pipes System.in into the Karaf process it starts, and
            // System.in is failsafe's command channel, so Karaf would swallow failsafe's commands and
            // break the fork's exit handshake. Failsafe reads through its own reference to the stream.
            System.setIn(new ByteArrayInputStream(new byte[0]));
        }
    }

    private static final Subject OPERATOR = operator();

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    @Configuration
    public Option[] configuration() {
        // Karaf must never start in the machine's own namespace
        LabNamespace.requireLabNamespace();
        String karafVersion = requiredProperty("zos.itest.karafVersion");
        File distribution = new File(requiredProperty("zos.itest.distribution"));
        if (!distribution.isFile()) {
            throw new IllegalStateException("no distribution archive at " + distribution + " (build karaf-assembly first)");
        }
        String examRepository = requiredProperty("zos.itest.examRepository");
        String mavenConfig = "etc/org.ops4j.pax.url.mvn.cfg";

        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(distribution.toURI().toString())
                        .karafVersion(karafVersion)
                        .name("zos networkd")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                // a container that does not come up fails the class in 2 minutes, not 3 per test
                systemTimeout(120_000),
                // waits for @Inject services inside Karaf (default 10 s is short on a loaded 2-CPU machine)
                systemProperty("pax.exam.service.timeout").value("30000"),
                // offline, and nothing but system/ for the distribution: Pax Exam's own bundles come
                // from a repository that holds only them (never ~/.m2, which would hide a bundle
                // missing from system/)
                editConfigurationFilePut(mavenConfig, "org.ops4j.pax.url.mvn.localRepository", examRepository),
                editConfigurationFilePut(mavenConfig, "org.ops4j.pax.url.mvn.repositories", ""),
                editConfigurationFilePut(mavenConfig, "org.ops4j.pax.url.mvn.useFallbackRepositories", "false"),
                // the kernel WireGuard test's scratch namespace is a lab one too
                editConfigurationFilePut("etc/zos.networkd.wireguard.cfg", "probeNamespace",
                        System.getenv("ZLAB_NETNS") + "-wgprobe")));
        options.addAll(javaModuleOptions(karafVersion));
        if (Boolean.getBoolean("zos.itest.keepRuntime")) {
            options.add(keepRuntimeFolder());
        }
        options.addAll(Arrays.asList(extraOptions()));
        return options.toArray(new Option[0]);
    }

    /**
     * A node that manages this lab namespace: NICs are veths named eth*, boot probes them with
     * short timeouts, its probe namespaces go under this run's name (the run's cleanup finds them),
     * and the registry is {@code registryUrl}.
     */
    static List<Option> managedNode(String registryUrl) {
        String boot = "etc/zos.networkd.boot.cfg";
        return List.of(
                editConfigurationFilePut("etc/zos.networkd.netlink.cfg", "manageOwnNamespace", "true"),
                editConfigurationFilePut("etc/zos.networkd.nics.cfg", "physicalKinds", "device,veth"),
                editConfigurationFilePut("etc/zos.networkd.nics.cfg", "physicalNames", "eth*"),
                editConfigurationFilePut(boot, "commandLineFile", "/dev/null"),
                editConfigurationFilePut(boot, "registryUrl", registryUrl),
                editConfigurationFilePut(boot, "namespacePrefix", System.getenv("ZLAB_NETNS") + "-"),
                editConfigurationFilePut(boot, "carrierWaitSeconds", "2"),
                editConfigurationFilePut(boot, "dhcpTimeoutSeconds", "3"),
                editConfigurationFilePut(boot, "backoffCapSeconds", "2"),
                editConfigurationFilePut(boot, "onlineCheckSeconds", "2"));
    }

    /** What a test class adds to the distribution's configuration. */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    /** The Java 9+ flags that bin/karaf passes and Pax Exam does not. */
    private static List<Option> javaModuleOptions(String karafVersion) {
        List<Option> options = new ArrayList<>();
        for (String flag : List.of(
                "--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED",
                "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED")) {
            options.add(vmOption(flag));
        }
        return options;
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("system property " + name + " is not set (run through mvn verify)");
        }
        return value;
    }

    // ---- helpers for the test methods, which run inside Karaf ----

    /**
     * Runs a command in a Karaf shell session, as an operator logged in with the admin role would
     * type it (commands such as bundle:update are reserved to admin by Karaf's command ACLs);
     * returns what it printed (out and err).
     */
    protected String executeCommand(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), printed, printed)) {
            Future<Object> result = executor.submit(
                    () -> Subject.doAs(OPERATOR, (PrivilegedExceptionAction<Object>) () -> session.execute(command)));
            Object value = result.get(30, TimeUnit.SECONDS);
            if (value != null) {
                printed.println(value);
            }
        } catch (Exception e) {
            throw new AssertionError("'" + command + "' failed: " + e + "\noutput:\n" + bytes.toString(StandardCharsets.UTF_8), e);
        } finally {
            executor.shutdownNow();
        }
        printed.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Subject operator() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("itest-operator"));
        for (String role : List.of("admin", "manager", "viewer", "systembundles", "ssh")) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        return subject;
    }

    protected Optional<Bundle> bundle(String symbolicName) {
        return Arrays.stream(bundleContext.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst();
    }

    protected Bundle requireBundle(String symbolicName) {
        return bundle(symbolicName).orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"));
    }

    /** Waits for the NIC inventory service (it is re-registered when its bundle or a dependency is updated). */
    protected NicInventory awaitInventory(Duration timeout) throws InterruptedException {
        ServiceTracker<NicInventory, NicInventory> tracker = new ServiceTracker<>(bundleContext, NicInventory.class, null);
        tracker.open();
        try {
            NicInventory inventory = tracker.waitForService(timeout.toMillis());
            assertNotNull("no NicInventory service within " + timeout, inventory);
            return inventory;
        } finally {
            tracker.close();
        }
    }

    /** Waits for a service (it is re-registered when its bundle or a dependency is updated). */
    protected <T> T awaitService(Class<T> type, Duration timeout) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(timeout.toMillis());
            assertNotNull("no " + type.getSimpleName() + " within " + timeout, service);
            return service;
        } finally {
            tracker.close();
        }
    }

    /** Polls every 10 ms until the condition holds; fails with the message after the deadline. */
    protected static void awaitCondition(String message, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail(message + " (not within " + deadline.toMillis() + " ms)");
            }
            Thread.sleep(10);
        }
    }

    protected static void assertActive(Bundle bundle) {
        assertEquals(bundle.getSymbolicName() + " state", Bundle.ACTIVE, bundle.getState());
    }
}
