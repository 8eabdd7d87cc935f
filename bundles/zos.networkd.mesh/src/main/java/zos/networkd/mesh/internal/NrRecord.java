package zos.networkd.mesh.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.Workload;
import zos.networkd.api.wireguard.PrivateKey;

/**
 * What the node keeps of one network resource (in a 0600 file): the declaration, the private key
 * (generated here or opened from the sealed one), the leased port, the uplink slot and the attached
 * workloads. {@link #toString()} never shows the key.
 *
 * @param resource the declaration, without its sealed key
 * @param sealedKeyDigest a digest of the sealed key it was declared with, null when the node generated it
 */
record NrRecord(NetworkResource resource, String sealedKeyDigest, PrivateKey privateKey, int listenPort,
        int uplinkIndex, List<Workload> workloads, Instant appliedAt) {

    NrRecord {
        workloads = List.copyOf(workloads);
    }

    String networkId() {
        return resource.networkId();
    }

    Optional<Workload> workload(String workloadId) {
        return workloads.stream().filter(w -> w.workloadId().equals(workloadId)).findFirst();
    }

    NrRecord withWorkload(Workload workload) {
        List<Workload> list = new ArrayList<>(workloads);
        list.removeIf(w -> w.workloadId().equals(workload.workloadId()));
        list.add(workload);
        return new NrRecord(resource, sealedKeyDigest, privateKey, listenPort, uplinkIndex, list, appliedAt);
    }

    NrRecord withoutWorkload(String workloadId) {
        List<Workload> list = new ArrayList<>(workloads);
        list.removeIf(w -> w.workloadId().equals(workloadId));
        return new NrRecord(resource, sealedKeyDigest, privateKey, listenPort, uplinkIndex, list, appliedAt);
    }

    @Override
    public String toString() {
        return "NrRecord[" + resource + ", port " + listenPort + ", uplink slot " + uplinkIndex + ", "
                + workloads.size() + " workload(s)]";
    }
}
