package zos.networkd.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.util.tracker.ServiceTracker;

import zos.grid.api.client.RegistryClient;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.Interface;
import zos.grid.api.model.Node;
import zos.networkd.api.identity.NodeIdentity;

/**
 * A node and the grid registry in one distribution: the node boots through DHCP, goes online (the
 * registry's address is the node's own here), registers with its farm, publishes its NICs with their
 * MACs, and a NIC added later is in the registry within two seconds.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RegistryClientIT extends NetworkdTestSupport {
    @Inject
    private NodeIdentity identity;

    private DhcpUpstream upstream;

    @Override
    protected Option[] extraOptions() {
        List<Option> options = new ArrayList<>(managedNode("http://" + DhcpUpstream.REGISTRY_IP + ":8181/grid"));
        options.add(editConfigurationFilePut("etc/zos.networkd.boot.cfg", "farmId", "1"));
        options.add(editConfigurationFilePut("etc/zos.networkd.registry.cfg", "pollWaitSeconds", "5"));
        return options.toArray(new Option[0]);
    }

    @Before
    public void registryWithAFarmAndANodeWiredToDhcp() throws Exception {
        LocalRegistry.installWithFarm(this);
        upstream = new DhcpUpstream();
    }

    @After
    public void removeTheUpstream() throws Exception {
        if (upstream != null) {
            upstream.close();
        }
    }

    private Node node() {
        try {
            HttpResponse<String> reply = LocalRegistry.get("/nodes/" + identity.nodeId());
            return reply.statusCode() == 200 ? GridJson.node(GridJson.parse(reply.body())) : null;
        } catch (IllegalStateException unreachable) {
            return null;
        }
    }

    private static Interface nic(Node node, String name) {
        return node.interfaces().stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    public void theNodeRegistersAndItsNicsReachTheRegistryWithinTwoSeconds() throws Exception {
        ServiceTracker<RegistryClient, RegistryClient> tracker = new ServiceTracker<>(bundleContext, RegistryClient.class, null);
        tracker.open();
        RegistryClient client;
        try {
            client = tracker.waitForService(90_000);
        } finally {
            tracker.close();
        }
        assertNotNull("the registry client starts once the node is online: " + executeCommand("zos:boot"), client);
        awaitCondition("registered with its NICs: " + client.status(), Duration.ofSeconds(30),
                () -> client.status().registered() && node() != null && nic(node(), "eth0") != null);

        Node node = node();
        assertEquals(1, node.farmId());
        assertEquals(Ip.mac("eth0"), nic(node, "eth0").mac().text());
        Interface zos = nic(node, "zos");
        assertNotNull("the uplink bridge is published with its lease: " + node.interfaces(), zos);
        assertTrue(zos.addresses().toString(), zos.addresses().toString().contains("203.0.113."));

        Ip.run("link", "add", "eth1", "type", "veth", "peer", "name", "up1");
        long added = System.nanoTime();
        awaitCondition("eth1 in the registry within 2 s", Duration.ofSeconds(2), () -> nic(node(), "eth1") != null);
        System.out.printf("eth1 in the registry %d ms after it appeared%n", (System.nanoTime() - added) / 1_000_000);
        assertEquals(Ip.mac("eth1"), nic(node(), "eth1").mac().text());

        String shown = executeCommand("zos:registry");
        System.out.println("zos:registry\n" + shown);
        assertTrue(shown, shown.contains("Registered:      yes"));
        assertTrue(shown, shown.contains(identity.nodeId()));
        String nodes = executeCommand("grid:nodes");
        assertTrue(nodes, nodes.contains(identity.nodeId()));
        Ip.deleteLinkQuietly("eth1");
    }
}
