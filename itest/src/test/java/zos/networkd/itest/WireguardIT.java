package zos.networkd.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import zos.networkd.api.ports.PortLeases;
import zos.networkd.api.wireguard.DeviceConfig;
import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.DeviceState;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.WireguardBackend;
import zos.networkd.api.wireguard.WireguardService;

/**
 * WireGuard and port leases in the distribution: the services run, zos:wg and zos:ports show them,
 * and a bundle:update of the WireGuard bundle adopts the running wireguard-go instead of dropping
 * the tunnel.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WireguardIT extends NetworkdTestSupport {
    private static final Duration SERVICE_DEADLINE = Duration.ofSeconds(30);

    @Inject
    private WireguardService wireguard;

    @Inject
    private PortLeases ports;

    @Test
    public void servicesAreActiveWithTheUserspaceBackendWhereTheKernelHasNoModule() {
        assertActive(requireBundle(WIREGUARD));
        assertActive(requireBundle(PORTS));
        if (!Files.exists(Path.of("/sys/module/wireguard"))) {
            assertEquals(WireguardBackend.USERSPACE, wireguard.backend());
        }
        String meta = executeCommand("config:meta zos.networkd.wireguard");
        assertTrue(meta, meta.contains("backend") && meta.contains("stateDirectory"));
        String portsMeta = executeCommand("config:meta zos.networkd.ports");
        assertTrue(portsMeta, portsMeta.contains("reservedPorts") && portsMeta.contains("choiceRange"));
        String help = executeCommand("zos:wg --help");
        assertTrue(help, help.contains("zos:wg") && help.contains("name"));
    }

    @Test
    public void aDeviceSurvivesAnUpdateOfTheWireguardBundleAndShowsInTheShell() throws Exception {
        String namespace = System.getenv("ZLAB_NETNS") + "-wg";
        String name = "wi" + String.format("%04x", new SecureRandom().nextInt(0x10000));
        int port = 43000 + new SecureRandom().nextInt(1000);
        PrivateKey key = PrivateKey.generate();
        Ip.run("netns", "add", namespace);
        try {
            DeviceState created = wireguard.create(DeviceSpec.in(name, namespace), DeviceConfig.of(key, port, List.of()));
            long pid = created.pid();
            assertTrue(pid > 0);

            String shown = executeCommand("zos:wg " + name);
            assertTrue(shown, shown.contains(key.publicKey().base64()) && shown.contains(Integer.toString(port)));
            assertFalse("zos:wg never shows a private key", shown.contains(key.revealBase64()));

            Bundle bundle = requireBundle(WIREGUARD);
            executeCommand("bundle:update " + bundle.getBundleId());
            WireguardService updated = awaitService(WireguardService.class);
            awaitCondition("device adopted after the update", SERVICE_DEADLINE, () -> updated.exists(name));
            DeviceState adopted = updated.state(name);
            assertEquals("the same wireguard-go runs on", pid, adopted.pid());
            assertEquals(port, adopted.listenPort());
            assertEquals(key.publicKey(), adopted.publicKey());

            // the port leases learn about the device (it has no lease of its own here)
            PortLeases leases = awaitService(PortLeases.class);
            awaitCondition("port " + port + " adopted", SERVICE_DEADLINE, () -> leases.holderOf(port).isPresent());
            String portsShown = executeCommand("zos:ports");
            assertTrue(portsShown, portsShown.contains(Integer.toString(port)) && portsShown.contains("device:" + name));

            updated.delete(name);
            assertFalse(Files.exists(Path.of("/var/run/wireguard", name + ".sock")));
        } finally {
            WireguardService current = awaitService(WireguardService.class);
            if (current.exists(name)) {
                current.delete(name);
            }
            Ip.run("netns", "del", namespace);
        }
    }

    private <T> T awaitService(Class<T> type) throws InterruptedException {
        return awaitService(type, SERVICE_DEADLINE);
    }
}
