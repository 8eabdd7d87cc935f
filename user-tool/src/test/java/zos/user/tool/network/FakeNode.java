package zos.user.tool.network;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import zos.grid.api.crypto.AgreementKeyPair;
import zos.grid.api.crypto.SealedSecrets;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.AgreementKey;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.NodeRegistration;
import zos.grid.api.model.Operation;
import zos.grid.api.model.ResultData;
import zos.grid.api.model.ResultState;
import zos.grid.api.model.UsedPorts;
import zos.grid.api.model.Workload;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadPage;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.wireguard.PrivateKey;
import zos.user.tool.Registry;

/**
 * Plays a node for the user tool's tests (no node runs in a unit test): registered in the real
 * registry with its own keys, it long-polls its workloads and reports results signed with its key,
 * keeping a network's key, port and version the way the contract says a node does. Behaviours a test
 * sets: endpoints (none: hidden), ports it refuses as taken, a failure reason, or silence.
 */
public final class FakeNode implements AutoCloseable {
    public final SigningKey key = SigningKey.generate();
    public final AgreementKeyPair agreement = AgreementKeyPair.generate();
    /** What it received, in order. */
    public final List<Workload> received = new CopyOnWriteArrayList<>();
    public final List<WorkloadResult> reported = new CopyOnWriteArrayList<>();
    private final Registry registry;
    private final String ipv4;
    private final String ipv6;
    private final Set<Integer> refusedPorts = new HashSet<>();
    private volatile String failure;
    private volatile boolean silent;
    private final Map<String, Long> applied = new HashMap<>();
    private final Map<String, PrivateKey> keys = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private final Thread loop;
    private volatile boolean closed;

    /**
     * @param ipv4 its public IPv4 address, null for none
     * @param ipv6 its global IPv6 address, null for none (both null: hidden)
     */
    public FakeNode(URI base, long farm, String hostname, String ipv4, String ipv6, List<Integer> usedPorts) throws Exception {
        this.registry = new Registry(base);
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        registry.signed(key, "POST", "nodes", GridJson.toJson(new NodeRegistration(key.id(), farm, hostname, "0.1.0",
                AgreementKey.signedBy(key, agreement.publicKey()))));
        registry.signed(key, "PUT", "nodes/" + key.id() + "/used_ports", GridJson.toJson(new UsedPorts(usedPorts)));
        loop = new Thread(this::serve, "fake node " + hostname);
        loop.setDaemon(true);
        loop.start();
    }

    /** Refuses the first port it is asked for (as if another user took it just now). */
    volatile boolean refuseFirstPort;

    public FakeNode failingWith(String reason) {
        failure = reason;
        return this;
    }

    FakeNode silent() {
        silent = true;
        return this;
    }

    /** The resource of the last workload it received. */
    public NetworkResource last() {
        return received.get(received.size() - 1).resource();
    }

    List<Long> versions() {
        return received.stream().map(w -> w.resource().version()).toList();
    }

    private void serve() {
        long cursor = 0;
        while (!closed) {
            try {
                WorkloadPage page = GridJson.workloadPage(registry.get("reservations/workloads/" + key.id() + "?from=" + cursor
                        + "&wait=1"));
                for (WorkloadEntry entry : page.workloads()) {
                    cursor = entry.cursor();
                    received.add(entry.workload());
                    if (silent) {
                        continue;
                    }
                    WorkloadResult result = apply(entry.workload());
                    reported.add(result);
                    registry.signed(key, "PUT", "reservations/workloads/" + key.id() + "/" + entry.cursor() + "/result",
                            GridJson.toJson(result));
                }
            } catch (Registry.Failure | RuntimeException e) {
                if (closed) {
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private WorkloadResult apply(Workload workload) {
        NetworkResource r = workload.resource();
        String net = r.netId();
        if (!GridJson.isSignedByItsUser(workload)) {
            return error("not signed by its user");
        }
        if (applied.containsKey(net) && r.version() <= applied.get(net)) {
            return error("version " + r.version() + " of network " + net + " is not newer than " + applied.get(net) + " (replay)");
        }
        if (workload.operation() == Operation.DELETE) {
            applied.put(net, r.version());
            keys.remove(net);
            ports.remove(net);
            return new WorkloadResult(ResultState.OK, "deleted", Map.of(ResultData.VERSION, String.valueOf(r.version()),
                    ResultData.OUTCOME, "deleted"));
        }
        if (failure != null) {
            return error(failure);
        }
        int port = r.wgListenPort() == 0 ? ports.getOrDefault(net, 52000 + ports.size()) : r.wgListenPort();
        boolean refuse;
        synchronized (refusedPorts) {
            if (refuseFirstPort && r.wgListenPort() != 0) {
                refuseFirstPort = false;
                refusedPorts.add(port);
            }
            refuse = refusedPorts.contains(port);
        }
        if (refuse) {
            return error("wireguard listen port " + port + " is already in use: leased to 'n-other'; pick another one "
                    + "(port 0 lets the node choose)");
        }
        PrivateKey wg;
        if (r.nodeGeneratesKey()) {
            wg = keys.computeIfAbsent(net, k -> PrivateKey.generate());
        } else {
            try {
                wg = PrivateKey.of(agreement.open(r.wgPrivateKey(), SealedSecrets.infoFor(key.id()),
                        SealedSecrets.wireGuardKeyAad(net)));
            } catch (IllegalArgumentException e) {
                return error("the sealed WireGuard key does not open: " + e.getMessage());
            }
            if (!wg.publicKey().base64().equals(r.wgPublicKey())) {
                return error("wg_public_key is not the public key of the sealed private key");
            }
            keys.put(net, wg);
        }
        ports.put(net, port);
        String outcome = applied.containsKey(net) ? "changed" : "created";
        applied.put(net, r.version());
        Map<String, String> data = new HashMap<>();
        data.put(ResultData.WG_PUBLIC_KEY, wg.publicKey().base64());
        data.put(ResultData.WG_LISTEN_PORT, String.valueOf(port));
        if (ipv4 != null) {
            data.put(ResultData.ENDPOINT_IPV4, ipv4 + ":" + port);
        }
        if (ipv6 != null) {
            data.put(ResultData.ENDPOINT_IPV6, "[" + ipv6 + "]:" + port);
        }
        data.put(ResultData.PUBLIC, String.valueOf(ipv4 != null || ipv6 != null));
        data.put(ResultData.VERSION, String.valueOf(r.version()));
        data.put(ResultData.OUTCOME, outcome);
        return new WorkloadResult(ResultState.OK, "network " + net + " " + outcome, data);
    }

    private static WorkloadResult error(String message) {
        return new WorkloadResult(ResultState.ERROR, message, Map.of());
    }

    List<Workload> deletes() {
        List<Workload> out = new ArrayList<>();
        received.stream().filter(w -> w.operation() == Operation.DELETE).forEach(out::add);
        return out;
    }

    /** Stops answering (its long poll ends within a second); {@link #close()} waits for it. */
    public void stop() {
        closed = true;
    }

    /** Stops them all at once (each long poll ends within a second), then waits for each. */
    public static void closeAll(List<FakeNode> nodes) throws InterruptedException {
        nodes.forEach(FakeNode::stop);
        for (FakeNode node : nodes) {
            node.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        loop.join(5000);
    }
}
