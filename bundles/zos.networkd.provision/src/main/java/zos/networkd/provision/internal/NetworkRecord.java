package zos.networkd.provision.internal;

import java.time.Instant;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import zos.grid.api.json.GridJson;
import zos.grid.api.model.Operation;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.provision.ProvisionedNetwork;

/**
 * What the node keeps about one provisioned network ({@code networks/<net id>.json}): its owner, the
 * last definition applied (version, the workload's cursor and operation) and the result reported
 * for it. {@code result} is null while the workload is being applied: a crash then leaves a record
 * that names the workload, which the registry hands over again (same cursor) and which is applied
 * again. {@code previous} is the record before that workload, put back when it fails.
 */
record NetworkRecord(String networkId, String owner, long version, long cursor, Operation operation, Instant time,
        WorkloadResult result, NetworkRecord previous) {

    boolean deleted() {
        return operation == Operation.DELETE;
    }

    boolean inProgress() {
        return result == null;
    }

    NetworkRecord completed(WorkloadResult done) {
        return new NetworkRecord(networkId, owner, version, cursor, operation, time, done, null);
    }

    /** This record without the one before it: a record keeps one step back, not a history. */
    NetworkRecord withoutPrevious() {
        return previous == null ? this : new NetworkRecord(networkId, owner, version, cursor, operation, time, result, null);
    }

    ProvisionedNetwork view() {
        return new ProvisionedNetwork(networkId, owner, version, cursor, deleted(), time);
    }

    JsonObject toJson() {
        JsonObject out = new JsonObject();
        out.addProperty("network", networkId);
        out.addProperty("owner", owner);
        out.addProperty("version", version);
        out.addProperty("cursor", cursor);
        out.addProperty("operation", operation.wireName());
        out.addProperty("time", time.toString());
        out.add("result", result == null ? JsonNull.INSTANCE : GridJson.toJson(result));
        if (previous != null) {
            out.add("previous", previous.toJson());
        }
        return out;
    }

    static NetworkRecord fromJson(JsonElement json) {
        JsonObject in = json.getAsJsonObject();
        JsonElement result = in.get("result");
        JsonElement previous = in.get("previous");
        return new NetworkRecord(in.get("network").getAsString(), in.get("owner").getAsString(),
                in.get("version").getAsLong(), in.get("cursor").getAsLong(),
                Operation.ofWireName(in.get("operation").getAsString()), Instant.parse(in.get("time").getAsString()),
                result == null || result.isJsonNull() ? null : GridJson.workloadResult(result),
                previous == null || previous.isJsonNull() ? null : fromJson(previous));
    }
}
