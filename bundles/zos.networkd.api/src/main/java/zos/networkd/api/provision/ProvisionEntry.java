package zos.networkd.api.provision;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One workload the node handled and the result it reported.
 *
 * @param cursor the workload's cursor at the registry (per node, 1, 2, 3...)
 * @param networkId the network it is about
 * @param operation {@code deploy} or {@code delete}
 * @param user the user who signed it (base58 key id)
 * @param version the version of the definition it carried
 * @param state {@code ok} or {@code error}
 * @param message the result's message (the exact reason of an error)
 * @param data the result's data (public key, port, endpoints, outcome...; never a private key)
 * @param received when the registry client handed it over (so that the wait for the poll and the
 *        time spent applying can be told apart)
 * @param time when the node had handled it
 */
public record ProvisionEntry(long cursor, String networkId, String operation, String user, long version, String state,
        String message, Map<String, String> data, Instant received, Instant time) {
    public ProvisionEntry {
        data = Map.copyOf(new TreeMap<>(data));
    }

    public boolean ok() {
        return "ok".equals(state);
    }
}
