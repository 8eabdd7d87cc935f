package zos.networkd.provision.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import zos.networkd.api.mesh.ApplyResult;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.NetworkResourceManager;
import zos.networkd.api.mesh.NrLayout;
import zos.networkd.api.mesh.NrStatus;
import zos.networkd.api.mesh.SealedKeys;
import zos.networkd.api.mesh.Workload;
import zos.networkd.api.wireguard.PrivateKey;

/**
 * The mesh as far as provisioning's rules see it (a declaration kept per network, a key, a port):
 * the real one is tested in the mesh bundle and in ProvisionIT. Counts what it is asked to do.
 */
final class FakeMesh implements NetworkResourceManager {
    final Map<String, NetworkResource> resources = new TreeMap<>();
    final Map<String, PrivateKey> keys = new TreeMap<>();
    final List<String> calls = new ArrayList<>();
    private final SealedKeys opener;
    RuntimeException failNext;

    FakeMesh(SealedKeys opener) {
        this.opener = opener;
    }

    @Override
    public ApplyResult apply(NetworkResource resource) {
        calls.add("apply " + resource.networkId());
        if (failNext != null) {
            RuntimeException failure = failNext;
            failNext = null;
            throw failure;
        }
        NetworkResource existing = resources.get(resource.networkId());
        PrivateKey key = resource.sealedPrivateKey() != null ? opener.open(resource.networkId(), resource.sealedPrivateKey())
                : keys.getOrDefault(resource.networkId(), PrivateKey.generate());
        keys.put(resource.networkId(), key);
        resources.put(resource.networkId(), resource);
        ApplyResult.Outcome outcome = existing == null ? ApplyResult.Outcome.CREATED
                : existing.equals(resource) ? ApplyResult.Outcome.UNCHANGED : ApplyResult.Outcome.CHANGED;
        return new ApplyResult(outcome, outcome == ApplyResult.Outcome.CHANGED ? List.of("peers changed") : List.of(),
                status(resource.networkId()).orElseThrow());
    }

    @Override
    public boolean delete(String networkId) {
        calls.add("delete " + networkId);
        keys.remove(networkId);
        return resources.remove(networkId) != null;
    }

    @Override
    public List<NrStatus> list() {
        return resources.keySet().stream().map(id -> status(id).orElseThrow()).toList();
    }

    @Override
    public Optional<NrStatus> status(String networkId) {
        NetworkResource r = resources.get(networkId);
        if (r == null) {
            return Optional.empty();
        }
        int port = r.listenPort() == 0 ? 40001 : r.listenPort();
        return Optional.of(new NrStatus(r, layoutOf(networkId), keys.get(networkId).publicKey(), port, List.of(),
                List.of(), Instant.EPOCH, List.of()));
    }

    @Override
    public NrLayout layoutOf(String networkId) {
        return new NrLayout("n-" + networkId, "b-" + networkId, "v-" + networkId, "g-" + networkId, "x-" + networkId,
                "u-" + networkId, "w-" + networkId, "zos-nr", 0);
    }

    @Override
    public Workload join(String networkId, Workload.Request request) {
        throw new UnsupportedOperationException("provisioning does not join workloads");
    }

    @Override
    public boolean leave(String networkId, String workloadId) {
        throw new UnsupportedOperationException("provisioning does not join workloads");
    }
}
