package zos.networkd.provision.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import zos.grid.api.json.GridJson;
import zos.networkd.api.files.AtomicFiles;
import zos.networkd.api.files.SecretRecords;
import zos.networkd.api.provision.ProvisionEntry;

/**
 * Provisioning's files, in a directory it owns (0700): one record per network in
 * {@code networks/<net id>.json} ({@link NetworkRecord}) and the recent workloads in {@code log.json}
 * (a JSON array, oldest first, at most {@code logSize}). Every write replaces a whole file atomically
 * (temporary file, fsync, rename) before the call returns.
 */
final class ProvisionRecords {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionRecords.class);

    private final SecretRecords networks;
    private final Path logFile;
    private final int logSize;
    private final Map<String, NetworkRecord> byNetwork = new TreeMap<>();
    private final Deque<ProvisionEntry> log = new ArrayDeque<>();

    ProvisionRecords(Path directory, int logSize) {
        this.networks = new SecretRecords(directory.resolve("networks"), ".json", "provisioning record of network");
        this.logFile = directory.resolve("log.json");
        this.logSize = Math.max(1, logSize);
        for (SecretRecords.Entry entry : networks.readAll()) {
            try {
                NetworkRecord record = NetworkRecord.fromJson(GridJson.parse(entry.text()));
                byNetwork.put(record.networkId(), record);
            } catch (RuntimeException e) {
                // a record that cannot be read must not be taken as "no owner": refuse loudly
                throw new IllegalStateException("unreadable provisioning record " + entry.file() + ": " + e.getMessage(), e);
            }
        }
        try {
            String text = AtomicFiles.readOrNull(logFile);
            if (text != null) {
                for (JsonElement item : GridJson.parse(text).getAsJsonArray()) {
                    log.addLast(entryFromJson(item.getAsJsonObject()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the log is for people: a damaged one is started afresh
            LOG.warn("Provisioning log {} unreadable, starting a new one: {}", logFile, e.getMessage());
        }
    }

    synchronized Optional<NetworkRecord> network(String networkId) {
        return Optional.ofNullable(byNetwork.get(networkId));
    }

    synchronized List<NetworkRecord> networks() {
        return List.copyOf(byNetwork.values());
    }

    synchronized void save(NetworkRecord record) {
        networks.write(record.networkId(), GridJson.toText(record.toJson()));
        byNetwork.put(record.networkId(), record);
    }

    synchronized void remove(String networkId) {
        networks.delete(networkId);
        byNetwork.remove(networkId);
    }

    /** Adds (or, for a workload handed over again, replaces) an entry of the log. */
    synchronized void logged(ProvisionEntry entry) {
        log.removeIf(e -> e.cursor() == entry.cursor());
        log.addLast(entry);
        while (log.size() > logSize) {
            log.removeFirst();
        }
        JsonArray out = new JsonArray();
        log.forEach(e -> out.add(entryToJson(e)));
        try {
            AtomicFiles.write(logFile, GridJson.toText(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the provisioning log " + logFile, e);
        }
    }

    synchronized List<ProvisionEntry> recent() {
        List<ProvisionEntry> entries = new ArrayList<>(log);
        entries.sort((a, b) -> Long.compare(a.cursor(), b.cursor()));
        return entries;
    }

    static JsonObject entryToJson(ProvisionEntry e) {
        JsonObject out = new JsonObject();
        out.addProperty("cursor", e.cursor());
        out.addProperty("network", e.networkId());
        out.addProperty("operation", e.operation());
        out.addProperty("user", e.user());
        out.addProperty("version", e.version());
        out.addProperty("state", e.state());
        out.addProperty("message", e.message());
        JsonObject data = new JsonObject();
        e.data().forEach(data::addProperty);
        out.add("data", data);
        out.addProperty("received", e.received().toString());
        out.addProperty("time", e.time().toString());
        return out;
    }

    private static ProvisionEntry entryFromJson(JsonObject in) {
        Map<String, String> data = new TreeMap<>();
        in.getAsJsonObject("data").entrySet().forEach(d -> data.put(d.getKey(), d.getValue().getAsString()));
        return new ProvisionEntry(in.get("cursor").getAsLong(), in.get("network").getAsString(),
                in.get("operation").getAsString(), in.get("user").getAsString(), in.get("version").getAsLong(),
                in.get("state").getAsString(), in.get("message").getAsString(), data,
                java.time.Instant.parse(in.has("received") ? in.get("received").getAsString() : in.get("time").getAsString()),
                java.time.Instant.parse(in.get("time").getAsString()));
    }
}
