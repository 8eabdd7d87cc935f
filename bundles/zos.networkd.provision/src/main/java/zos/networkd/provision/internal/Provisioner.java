package zos.networkd.provision.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.grid.api.json.GridJson;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.Operation;
import zos.grid.api.model.ResultData;
import zos.grid.api.model.ResultState;
import zos.grid.api.model.Workload;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.mesh.ApplyResult;
import zos.networkd.api.mesh.NetworkResourceException;
import zos.networkd.api.mesh.NetworkResourceManager;
import zos.networkd.api.mesh.NrStatus;
import zos.networkd.api.mesh.SealedKeys;
import zos.networkd.api.provision.ProvisionEntry;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.PublicKey;

/**
 * The rules by which a workload changes this node, checked before anything changes:
 * <ul>
 * <li>it is for this node and signed by its user (checked again: a handler does not trust its caller);
 * <li>a network created on this node by one user is changed or deleted only by that user (also after
 * a delete: the record stays as a tombstone);
 * <li>a definition applies only when its version is newer than the last one applied from another
 * workload: an old workload replayed, or a stale one, is refused naming both versions;
 * <li>the same workload handed over again (a restart before its result was stored) is applied again,
 * idempotently, and reports the same result.
 * </ul>
 * The record of a network names the workload being applied before the mesh is touched, so that a
 * crash in between is recognised as "the same workload again".
 */
final class Provisioner {
    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    private static final int MAX_MESSAGE = 4096;

    private final NetworkResourceManager mesh;
    private final ProvisionRecords records;
    private final String nodeId;
    private final SealedKeys sealedKeys;
    private final Supplier<NodeEndpoints.Addresses> addresses;
    private final Clock clock;

    Provisioner(NetworkResourceManager mesh, ProvisionRecords records, String nodeId, SealedKeys sealedKeys,
            Supplier<NodeEndpoints.Addresses> addresses, Clock clock) {
        this.mesh = mesh;
        this.records = records;
        this.nodeId = nodeId;
        this.sealedKeys = sealedKeys;
        this.addresses = addresses;
        this.clock = clock;
    }

    /**
     * The result of one workload. Refusals and failures are ERROR results with the exact reason;
     * only a failure to keep the node's own records escapes (the workload comes again later).
     */
    synchronized WorkloadResult handle(WorkloadEntry entry) {
        Instant received = clock.instant();
        Workload workload = entry.workload();
        NetworkResource resource = workload.resource();
        WorkloadResult result;
        try {
            result = decide(entry);
        } catch (IllegalArgumentException | NetworkResourceException e) {
            result = error(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Workload {} ({} network {}) failed unexpectedly", entry.cursor(), workload.operation().wireName(),
                    resource.netId(), e);
            result = error("network " + resource.netId() + ": " + e);
        }
        records.logged(new ProvisionEntry(entry.cursor(), resource.netId(), workload.operation().wireName(),
                workload.user().text(), resource.version(), result.state().wireName(), result.message(), result.data(),
                received, clock.instant()));
        if (result.state() == ResultState.ERROR) {
            LOG.info("Workload {} refused: {}", entry.cursor(), result.message());
        } else {
            LOG.info("Workload {}: {}", entry.cursor(), result.message());
        }
        return result;
    }

    private WorkloadResult decide(WorkloadEntry entry) {
        Workload workload = entry.workload();
        NetworkResource resource = workload.resource();
        String netId = resource.netId();
        String user = workload.user().text();
        if (!workload.node().text().equals(nodeId)) {
            return error("network " + netId + ": workload " + entry.cursor() + " is for node " + workload.node()
                    + ", not this node");
        }
        if (!GridJson.isSignedByItsUser(workload)) {
            return error("network " + netId + ": workload " + entry.cursor() + " is not signed by its user " + user);
        }
        Optional<NetworkRecord> known = records.network(netId);
        if (known.isPresent() && isSameWorkload(known.get(), entry)) {
            return again(entry, known.get());
        }
        if (known.isPresent()) {
            NetworkRecord last = known.get();
            if (!last.owner().equals(user)) {
                return error("network " + netId + " on this node belongs to user " + last.owner() + "; " + user
                        + " may not change it");
            }
            if (resource.version() <= last.version()) {
                return error("network " + netId + ": version " + resource.version() + " is not newer than version "
                        + last.version() + " applied from workload " + last.cursor()
                        + " (a replay or a stale definition); nothing applied");
            }
        } else if (mesh.status(netId).isPresent()) {
            return error("network " + netId + " exists on this node but was not provisioned from the registry (an "
                    + "operator made it); it is not changed");
        }
        return apply(entry, known.orElse(null));
    }

    private static boolean isSameWorkload(NetworkRecord record, WorkloadEntry entry) {
        Workload workload = entry.workload();
        return record.cursor() == entry.cursor() && record.owner().equals(workload.user().text())
                && record.version() == workload.resource().version() && record.operation() == workload.operation();
    }

    /** The workload of the record handed over again: finish it, or apply it again and report as before. */
    private WorkloadResult again(WorkloadEntry entry, NetworkRecord record) {
        if (record.inProgress()) {
            LOG.info("Workload {} was being applied when the node stopped: applying it again", entry.cursor());
            return apply(entry, record.previous());
        }
        NetworkResource resource = entry.workload().resource();
        if (record.operation() == Operation.DEPLOY) {
            mesh.apply(GridTranslation.toMesh(resource));
        } else {
            mesh.delete(resource.netId());
        }
        return record.result();
    }

    /** Claims the network for the workload in its record, changes the mesh, records the result. */
    private WorkloadResult apply(WorkloadEntry entry, NetworkRecord previous) {
        Workload workload = entry.workload();
        NetworkResource resource = workload.resource();
        String netId = resource.netId();
        zos.networkd.api.mesh.NetworkResource declared = null;
        if (workload.operation() == Operation.DEPLOY) {
            declared = GridTranslation.toMesh(resource);
            checkSealedKey(resource, declared);
        } else if (previous == null) {
            // nothing of it here, and nothing recorded that could be replayed against: no tombstone
            return ok("network " + netId + " is not on this node", data(resource.version(), "absent"));
        }
        NetworkRecord claim = new NetworkRecord(netId, workload.user().text(), resource.version(), entry.cursor(),
                workload.operation(), clock.instant(), null, previous == null ? null : previous.withoutPrevious());
        records.save(claim);
        WorkloadResult result;
        try {
            if (declared != null) {
                ApplyResult applied = mesh.apply(declared);
                result = deployed(resource, applied);
            } else {
                boolean removed = mesh.delete(netId);
                result = ok("network " + netId + (removed ? " deleted" : " was not on this node"),
                        data(resource.version(), removed ? "deleted" : "absent"));
            }
        } catch (RuntimeException e) {
            if (claim.previous() != null) {
                records.save(claim.previous());
            } else {
                records.remove(netId);
            }
            throw e;
        }
        records.save(claim.completed(result));
        return result;
    }

    private void checkSealedKey(NetworkResource resource, zos.networkd.api.mesh.NetworkResource declared) {
        if (declared.sealedPrivateKey() == null) {
            return;
        }
        PrivateKey opened = sealedKeys.open(resource.netId(), declared.sealedPrivateKey());
        PublicKey actual = opened.publicKey();
        if (!actual.base64().equals(resource.wgPublicKey())) {
            throw new IllegalArgumentException("network " + resource.netId() + ": wg_public_key " + resource.wgPublicKey()
                    + " is not the public key of the sealed private key (" + actual.base64() + ")");
        }
    }

    private WorkloadResult deployed(NetworkResource resource, ApplyResult applied) {
        NrStatus status = applied.status();
        String outcome = applied.outcome().name().toLowerCase(java.util.Locale.ROOT);
        Map<String, String> data = data(resource.version(), outcome);
        int port = status.listenPort();
        data.put(ResultData.WG_PUBLIC_KEY, status.publicKey().base64());
        data.put(ResultData.WG_LISTEN_PORT, Integer.toString(port));
        NodeEndpoints.Addresses node = addresses.get();
        Optional<String> v4 = NodeEndpoints.ipv4(node, port);
        Optional<String> v6 = NodeEndpoints.ipv6(node, port);
        v4.ifPresent(e -> data.put(ResultData.ENDPOINT_IPV4, e));
        v6.ifPresent(e -> data.put(ResultData.ENDPOINT_IPV6, e));
        data.put(ResultData.PUBLIC, Boolean.toString(v4.isPresent() || v6.isPresent()));
        List<String> changes = applied.changes().stream().filter(c -> !c.equals(outcome)).toList();
        return ok("network " + resource.netId() + " " + outcome + " (version " + resource.version() + ", port " + port
                + (changes.isEmpty() ? "" : "; " + String.join(", ", changes)) + ")", data);
    }

    private static Map<String, String> data(long version, String outcome) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(ResultData.VERSION, Long.toString(version));
        data.put(ResultData.OUTCOME, outcome);
        return data;
    }

    private static WorkloadResult ok(String message, Map<String, String> data) {
        return new WorkloadResult(ResultState.OK, printable(message), data);
    }

    private static WorkloadResult error(String message) {
        return new WorkloadResult(ResultState.ERROR, printable(message), Map.of());
    }

    /** A result's message is one printable line of at most 4096 characters (the grid's rule). */
    static String printable(String message) {
        String line = String.valueOf(message).replaceAll("\\p{Cntrl}+", " ");
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
