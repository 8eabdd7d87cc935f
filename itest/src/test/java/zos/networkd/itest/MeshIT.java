package zos.networkd.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

import zos.networkd.api.host.Cidr;
import zos.networkd.api.mesh.MeshPeer;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.NetworkResourceManager;
import zos.networkd.api.mesh.NrStatus;
import zos.networkd.api.mesh.Workload;
import zos.networkd.api.wireguard.DeviceConfig;
import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.DeviceState;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PeerConfig;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.WireguardService;

/**
 * A network resource in the distribution, on a node whose own namespace is this test's lab
 * namespace (uplink {@code zos} to a lab "Internet"), with a remote peer (a WireGuard device in a
 * namespace beyond that Internet) and a workload. A ping runs from the peer to the workload across
 * the tunnel while the mesh and port-lease bundles are updated: not one reply may be lost. The
 * shell commands show and apply it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MeshIT extends NetworkdTestSupport {
    private static final Duration SERVICE_DEADLINE = Duration.ofSeconds(30);
    private static final String NET = "itnet";
    private static final int PINGS = 200;

    @Inject
    private NetworkResourceManager mesh;

    @Inject
    private WireguardService wireguard;

    private String internet;
    private String remote;
    private String workload;
    private String peerDevice;

    @Override
    protected Option[] extraOptions() {
        String lab = System.getenv("ZLAB_NETNS");
        return new Option[] {
            editConfigurationFilePut("etc/zos.networkd.netlink.cfg", "manageOwnNamespace", "true"),
            editConfigurationFilePut("etc/zos.networkd.wireguard.cfg", "backend", "userspace"),
            // resources' namespaces go under this run's name, so the run's cleanup finds them
            editConfigurationFilePut("etc/zos.networkd.mesh.cfg", "namespacePrefix", lab + "-"),
            editConfigurationFilePut("etc/zos.networkd.mesh.cfg", "nodeId", "itest-" + lab),
        };
    }

    @Before
    public void aNodeOnALabInternetWithARemotePeer() {
        LabNamespace.requireLabNamespace();
        String lab = System.getenv("ZLAB_NETNS");
        internet = lab + "-inet";
        remote = lab + "-remote";
        workload = lab + "-w1";
        for (String ns : List.of(internet, remote, workload)) {
            Ip.run("netns", "add", ns);
            Ip.run("-n", ns, "link", "set", "lo", "up");
        }
        Ip.run("link", "add", "zos", "type", "veth", "peer", "name", "up0", "netns", internet);
        Ip.run("addr", "add", "198.51.100.10/24", "dev", "zos");
        Ip.run("link", "set", "zos", "up");
        Ip.run("-n", internet, "addr", "add", "198.51.100.1/24", "dev", "up0");
        Ip.run("-n", internet, "link", "set", "up0", "up");
        peerDevice = "wr" + String.format("%05x", new SecureRandom().nextInt(0x100000));
    }

    @After
    public void removeTheLab() {
        try {
            NetworkResourceManager current = awaitService(NetworkResourceManager.class);
            if (current.status(NET).isPresent()) {
                current.delete(NET);
            }
            WireguardService wg = awaitService(WireguardService.class);
            if (wg.exists(peerDevice)) {
                wg.delete(peerDevice);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Ip.deleteLinkQuietly("zos");
            for (String ns : List.of(workload, remote, internet)) {
                Ip.run("netns", "del", ns);
            }
        }
    }

    @Test
    public void aPingAcrossTheTunnelLosesNothingWhileTheMeshAndPortBundlesAreUpdated() throws Exception {
        assertActive(requireBundle(MESH));
        assertActive(requireBundle(NFTABLES));
        PrivateKey remoteKey = PrivateKey.generate();
        int remotePort = 45000 + new SecureRandom().nextInt(1000);
        NetworkResource declared = new NetworkResource(NET, "itest network", Cidr.parse("10.50.0.0/16"),
                Cidr.parse("10.50.1.0/24"), 0, null, List.of(new MeshPeer(remoteKey.publicKey(), Cidr.parse("10.50.2.0/24"),
                        List.of(), Endpoint.parse("198.51.100.1:" + remotePort), 5)));
        NrStatus created = mesh.apply(declared).status();
        // the remote: a WireGuard device whose socket is on the lab Internet and whose interface
        // (with the remote "workload" address) is in a namespace of its own
        wireguard.create(new DeviceSpec(peerDevice, internet, remote, List.of(Cidr.parse("10.50.2.1/24")),
                List.of(Cidr.parse("10.50.0.0/16")), 0), DeviceConfig.of(remoteKey, remotePort, List.of(new PeerConfig(
                        created.publicKey(), null, Endpoint.parse("198.51.100.10:" + created.listenPort()),
                        List.of(Cidr.parse("10.50.1.0/24")), 5))));
        Workload joined = mesh.join(NET, Workload.Request.of("w1", workload));
        String target = joined.address().address().getHostAddress();
        awaitCondition("ping across the tunnel", Duration.ofSeconds(15), () -> pingOnce(target));

        String networks = executeCommand("zos:networks");
        System.out.println("zos:networks\n" + networks);
        assertTrue(networks, networks.contains(NET) && networks.contains(created.layout().wireguard())
                && networks.contains("1/1") && networks.contains("ok"));
        String network = executeCommand("zos:network --rules " + NET);
        System.out.println("zos:network " + NET + "\n" + network);
        assertTrue(network, network.contains(created.layout().namespace()) && network.contains(remoteKey.publicKey().base64())
                && network.contains("198.51.100.1:" + remotePort) && network.contains("new inbound only through WireGuard")
                && network.contains(target));
        assertFalse("never a private key", network.contains(remoteKey.revealBase64()));

        Process ping = new ProcessBuilder("nsenter", "--net=/run/netns/" + remote, "--", "ping", "-i", "0.05", "-c",
                Integer.toString(PINGS), "-W", "1", target).redirectErrorStream(true).start();
        Thread.sleep(1000);
        Bundle meshBundle = requireBundle(MESH);
        long meshModified = meshBundle.getLastModified();
        executeCommand("bundle:update " + meshBundle.getBundleId());
        awaitResource();
        Bundle portsBundle = requireBundle(PORTS);
        long portsModified = portsBundle.getLastModified();
        executeCommand("bundle:update " + portsBundle.getBundleId());
        NrStatus after = awaitResource();
        assertTrue(ping.waitFor(60, TimeUnit.SECONDS));
        String out = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(out);
        assertTrue(out, out.contains(PINGS + " packets transmitted, " + PINGS + " received"));
        assertTrue("the mesh bundle was updated", requireBundle(MESH).getLastModified() > meshModified);
        assertTrue("the ports bundle was updated", requireBundle(PORTS).getLastModified() > portsModified);
        assertEquals(created.listenPort(), after.listenPort());
        assertEquals(created.publicKey(), after.publicKey());
        DeviceState device = awaitService(WireguardService.class).state(created.layout().wireguard());
        assertEquals(created.listenPort(), device.listenPort());

        // the shell applies a file: the same declaration changes nothing
        Path file = Path.of(System.getProperty("karaf.data"), "itnet.json");
        Files.writeString(file, "{\"networkId\": \"" + NET + "\", \"name\": \"itest network\", \"ipRange\": \"10.50.0.0/16\","
                + " \"subnet\": \"10.50.1.0/24\", \"peers\": [{\"publicKey\": \"" + remoteKey.publicKey() + "\","
                + " \"subnet\": \"10.50.2.0/24\", \"endpoint\": \"198.51.100.1:" + remotePort + "\", \"keepalive\": 5}]}");
        String applied = executeCommand("zos:nr-apply " + file);
        assertTrue(applied, applied.contains("network resource " + NET + ": unchanged"));
        String deleted = executeCommand("zos:nr-delete " + NET);
        assertTrue(deleted, deleted.contains("deleted"));
        assertFalse(Files.exists(Path.of("/run/netns", created.layout().namespace())));
        assertTrue(executeCommand("zos:networks").contains("no network resources"));
    }

    private NrStatus awaitResource() throws InterruptedException {
        long deadline = System.nanoTime() + SERVICE_DEADLINE.toNanos();
        while (true) {
            try {
                NetworkResourceManager current = awaitService(NetworkResourceManager.class);
                NrStatus status = current.status(NET).orElseThrow();
                if (status.problems().isEmpty()) {
                    return status;
                }
            } catch (RuntimeException notYet) {
                // the component is being replaced
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("network resource " + NET + " not back within " + SERVICE_DEADLINE);
            }
            Thread.sleep(50);
        }
    }

    private boolean pingOnce(String target) {
        try {
            Process p = new ProcessBuilder("nsenter", "--net=/run/netns/" + remote, "--", "ping", "-c", "1", "-W", "1",
                    target).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private <T> T awaitService(Class<T> type) throws InterruptedException {
        return awaitService(type, SERVICE_DEADLINE);
    }
}
