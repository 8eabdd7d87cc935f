package zos.networkd.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import zos.grid.api.client.RegistryClient;
import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SealedSecrets;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.Operation;
import zos.grid.api.model.Peer;
import zos.grid.api.model.ResultData;
import zos.grid.api.model.ResultState;
import zos.grid.api.model.UserRegistration;
import zos.grid.api.model.Workload;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.identity.NodeIdentity;
import zos.networkd.api.mesh.NetworkResourceManager;
import zos.networkd.api.mesh.NrStatus;
import zos.networkd.api.wireguard.PrivateKey;

/**
 * Provisioning end to end in one distribution: the node boots through DHCP onto a lab "Internet",
 * registers with the registry (the same Karaf), and users post signed workloads to the registry over
 * HTTP. The node turns them into network resources (real namespaces, wireguard-go, nft) and reports
 * results; {@code ip netns} and {@code wg show} check what it built, independently of its own status.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProvisionIT extends NetworkdTestSupport {
    private static final Duration RESULT_DEADLINE = Duration.ofSeconds(30);
    private static final String NET = "itnet";
    private static final String SEALED_NET = "itsealed";

    @Inject
    private NodeIdentity identity;

    private final Map<KeyId, SigningKey> signers = new HashMap<>();
    /** The registry cursor of each result this test received. */
    private final Map<WorkloadResult, Long> cursors = new IdentityHashMap<>();
    private DhcpUpstream upstream;
    private KeyId node;
    private String workloadNamespace;

    @Override
    protected Option[] extraOptions() {
        String lab = System.getenv("ZLAB_NETNS");
        List<Option> options = new ArrayList<>(managedNode("http://" + DhcpUpstream.REGISTRY_IP + ":8181/grid"));
        options.add(editConfigurationFilePut("etc/zos.networkd.boot.cfg", "farmId", "1"));
        options.add(editConfigurationFilePut("etc/zos.networkd.registry.cfg", "pollWaitSeconds", "5"));
        options.add(editConfigurationFilePut("etc/zos.networkd.wireguard.cfg", "backend", "userspace"));
        // resources' namespaces go under this run's name, so the run's cleanup finds them
        options.add(editConfigurationFilePut("etc/zos.networkd.mesh.cfg", "namespacePrefix", lab + "-"));
        options.add(editConfigurationFilePut("etc/zos.networkd.mesh.cfg", "nodeId", "itest-" + lab));
        return options.toArray(new Option[0]);
    }

    @Before
    public void aRegisteredNodeOnALabInternet() throws Exception {
        LocalRegistry.installWithFarm(this);
        upstream = new DhcpUpstream();
        workloadNamespace = System.getenv("ZLAB_NETNS") + "-pw1";
        node = KeyId.parse(identity.nodeId());
        RegistryClient client = awaitService(RegistryClient.class, Duration.ofSeconds(90));
        awaitCondition("the node registered: " + client.status(), Duration.ofSeconds(60),
                () -> client.status().registered());
    }

    @After
    public void removeWhatIsLeft() throws Exception {
        try {
            NetworkResourceManager mesh = awaitService(NetworkResourceManager.class, Duration.ofSeconds(30));
            for (String id : List.of(NET, SEALED_NET)) {
                if (mesh.status(id).isPresent()) {
                    mesh.delete(id);
                }
            }
        } finally {
            if (Ip.run("netns", "list").contains(workloadNamespace)) {
                Ip.run("netns", "del", workloadNamespace);
            }
            if (upstream != null) {
                upstream.close();
            }
        }
    }

    @Test
    public void signedWorkloadsBecomeNetworkResourcesOnlyForTheirOwnerAndNeverFromAReplay() throws Exception {
        SigningKey alice = user("alice");
        SigningKey bob = user("bob");
        NetworkResourceManager mesh = awaitService(NetworkResourceManager.class, Duration.ofSeconds(30));

        // a node-generated key on a port the node chooses
        Workload first = GridJson.signWorkload(alice, node, Operation.DEPLOY, resource(1, List.of()));
        WorkloadResult created = submit(first);
        assertEquals(created.message(), ResultState.OK, created.state());
        NrStatus status = mesh.status(NET).orElseThrow();
        Map<String, String> data = created.data();
        String port = Integer.toString(status.listenPort());
        assertEquals(status.publicKey().base64(), data.get(ResultData.WG_PUBLIC_KEY));
        assertEquals(port, data.get(ResultData.WG_LISTEN_PORT));
        String lease = executeCommand("zos:boot");
        String endpoint = data.get(ResultData.ENDPOINT_IPV4);
        assertTrue(data + "\n" + lease, endpoint != null && endpoint.startsWith("203.0.113.") && endpoint.endsWith(":" + port)
                && lease.contains(endpoint.substring(0, endpoint.indexOf(':')) + "/24"));
        assertEquals("true", data.get(ResultData.PUBLIC));
        assertEquals("1", data.get(ResultData.VERSION));
        assertEquals("created", data.get(ResultData.OUTCOME));
        String device = status.layout().wireguard();
        assertTrue(Ip.run("netns", "list").contains(status.layout().namespace()));
        assertEquals(status.publicKey().base64(), wg("show", device, "public-key"));
        assertEquals(port, wg("show", device, "listen-port"));

        // version 2 adds a peer: changed in place, same key and port
        String peerKey = PrivateKey.generate().publicKey().base64();
        WorkloadResult changed = submit(GridJson.signWorkload(alice, node, Operation.DEPLOY, resource(2, List.of(
                new Peer(Cidr.parse("10.60.2.0/24"), peerKey, List.of(), "198.51.100.20:51820")))));
        assertEquals(changed.message(), ResultState.OK, changed.state());
        assertEquals("changed", changed.data().get(ResultData.OUTCOME));
        assertEquals(data.get(ResultData.WG_PUBLIC_KEY), changed.data().get(ResultData.WG_PUBLIC_KEY));
        assertEquals(port, changed.data().get(ResultData.WG_LISTEN_PORT));
        String endpoints = wg("show", device, "endpoints");
        assertTrue(endpoints, endpoints.contains(peerKey) && endpoints.contains("198.51.100.20:51820"));
        NrStatus afterChange = mesh.status(NET).orElseThrow();

        // another user may not touch it
        WorkloadResult refused = submit(GridJson.signWorkload(bob, node, Operation.DEPLOY, resource(3, List.of())));
        assertEquals(ResultState.ERROR, refused.state());
        assertEquals("network " + NET + " on this node belongs to user " + alice.id().text() + "; " + bob.id().text()
                + " may not change it", refused.message());
        // the first workload again, in a new request: the registry stores it, the node refuses it
        WorkloadResult replayed = submit(first);
        assertEquals(ResultState.ERROR, replayed.state());
        assertEquals("network " + NET + ": version 1 is not newer than version 2 applied from workload "
                + cursorOf(changed) + " (a replay or a stale definition); nothing applied", replayed.message());
        assertEquals(afterChange.resource(), mesh.status(NET).orElseThrow().resource());
        assertEquals(endpoints, wg("show", device, "endpoints"));

        // a workload joins and leaves through the lab's commands
        Ip.run("netns", "add", workloadNamespace);
        String joined = executeCommand("zos:nr-join --address 10.60.1.7 " + NET + " w1 " + workloadNamespace);
        assertTrue(joined, joined.contains("workload w1 joined network " + NET) && joined.contains("10.60.1.7/24"));
        String inside = Ip.run("-n", workloadNamespace, "-4", "addr", "show", "dev", "eth0");
        assertTrue(inside, inside.contains("10.60.1.7/24"));
        assertTrue(executeCommand("zos:network " + NET).contains("10.60.1.7"));
        String left = executeCommand("zos:nr-leave " + NET + " w1");
        assertTrue(left, left.contains("workload w1 left network " + NET));
        assertFalse(Ip.run("-n", workloadNamespace, "link", "show").contains("eth0"));
        String again = executeCommand("zos:nr-leave " + NET + " w1");
        assertTrue(again, again.contains("No workload 'w1' attached to network '" + NET + "'"));

        // the user's own key, sealed to the node for this network
        PrivateKey userKey = PrivateKey.generate();
        NetworkResource sealed = new NetworkResource("sealed network", SEALED_NET, Cidr.parse("10.61.0.0/16"),
                Cidr.parse("10.61.1.0/24"), SealedSecrets.sealTo(node, identity.agreementPublicKey(),
                        SealedSecrets.wireGuardKeyAad(SEALED_NET), userKey.revealBytes()),
                userKey.publicKey().base64(), 0, List.of(), 1);
        WorkloadResult withUserKey = submit(GridJson.signWorkload(alice, node, Operation.DEPLOY, sealed));
        assertEquals(withUserKey.message(), ResultState.OK, withUserKey.state());
        assertEquals(userKey.publicKey().base64(), withUserKey.data().get(ResultData.WG_PUBLIC_KEY));
        NrStatus sealedStatus = mesh.status(SEALED_NET).orElseThrow();
        assertEquals(userKey.publicKey().base64(), wg("show", sealedStatus.layout().wireguard(), "public-key"));

        String shown = executeCommand("zos:workloads");
        System.out.println("zos:workloads\n" + shown);
        assertTrue(shown, shown.contains(NET) && shown.contains(SEALED_NET) && shown.contains("belongs to user")
                && shown.contains("created") && shown.contains("changed") && shown.contains(endpoint));
        assertFalse("never a private key", shown.contains(userKey.revealBase64())
                || executeCommand("zos:workloads --json").contains(userKey.revealBase64()));

        // deletes: everything goes
        for (Map.Entry<String, NetworkResource> delete : Map.of(NET, resource(3, List.of()), SEALED_NET,
                new NetworkResource("sealed network", SEALED_NET, Cidr.parse("10.61.0.0/16"), Cidr.parse("10.61.1.0/24"),
                        null, "", 0, List.of(), 2)).entrySet()) {
            WorkloadResult deleted = submit(GridJson.signWorkload(alice, node, Operation.DELETE, delete.getValue()));
            assertEquals(deleted.message(), ResultState.OK, deleted.state());
            assertEquals("deleted", deleted.data().get(ResultData.OUTCOME));
            assertTrue(mesh.status(delete.getKey()).isEmpty());
        }
        String namespaces = Ip.run("netns", "list");
        assertFalse(namespaces, namespaces.contains(status.layout().namespace())
                || namespaces.contains(sealedStatus.layout().namespace()));
        String interfaces = wg("show", "interfaces");
        assertFalse(interfaces, interfaces.contains(device) || interfaces.contains(sealedStatus.layout().wireguard()));
    }

    private static NetworkResource resource(long version, List<Peer> peers) {
        return new NetworkResource("itest network", NET, Cidr.parse("10.60.0.0/16"), Cidr.parse("10.60.1.0/24"), null, "",
                0, peers, version);
    }

    private SigningKey user(String name) throws Exception {
        SigningKey user = SigningKey.generate();
        signers.put(user.id(), user);
        HttpResponse<String> registered = LocalRegistry.signed(user, "POST", "/users",
                GridJson.toBytes(GridJson.toJson(new UserRegistration(name))));
        assertEquals(registered.body(), 201, registered.statusCode());
        return user;
    }


    private long cursorOf(WorkloadResult result) {
        return cursors.get(result);
    }

    /** Posts the workload (a new request each time) and waits for the node's result at the registry. */
    private WorkloadResult submit(Workload workload) throws Exception {
        HttpResponse<String> posted = LocalRegistry.signed(signers.get(workload.user()), "POST", "/reservations/workloads",
                GridJson.toBytes(GridJson.toJson(workload)));
        assertEquals(posted.body(), 201, posted.statusCode());
        long cursor = GridJson.workloadEntry(GridJson.parse(posted.body())).cursor();
        AtomicReference<WorkloadResult> result = new AtomicReference<>();
        awaitCondition("the result of workload " + cursor, RESULT_DEADLINE, () -> {
            HttpResponse<String> entry = LocalRegistry.get("/reservations/workloads/" + node.text() + "/" + cursor);
            WorkloadEntry read = entry.statusCode() == 200 ? GridJson.workloadEntry(GridJson.parse(entry.body())) : null;
            result.set(read == null ? null : read.result());
            return result.get() != null;
        });
        cursors.put(result.get(), cursor);
        return result.get();
    }

    private static String wg(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("wg"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(command + ": " + out, 0, process.exitValue());
        assertNotNull(out);
        return out;
    }
}
