package zos.networkd.mesh.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import zos.networkd.api.files.AtomicFiles;
import zos.networkd.api.files.SecretRecords;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.mesh.MeshPeer;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.Workload;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.PublicKey;

/**
 * The records of the node's network resources: {@code <directory>/<network id>.nr.json}, mode 0600
 * in a 0700 directory (they hold private keys), replaced atomically. Written field by field, never
 * through a reflection-based serializer. Also the node's own mesh state ({@code node.json}: what its
 * sysctls were before the first resource).
 */
final class NrStore {
    private static final Logger LOG = LoggerFactory.getLogger(NrStore.class);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
    private static final String SUFFIX = ".nr.json";
    static final String NODE_FILE = "node.json";

    private final SecretRecords records;

    NrStore(Path directory) {
        records = new SecretRecords(directory, SUFFIX, "record of network resource");
    }

    Path directory() {
        return records.directory();
    }

    Path fileOf(String networkId) {
        return records.fileOf(networkId);
    }

    void write(NrRecord record) {
        records.write(record.networkId(), GSON.toJson(toJson(record)));
    }

    void delete(String networkId) {
        records.delete(networkId);
    }

    /** Every readable record; one that cannot be read is reported (without its content) and left in place. */
    List<NrRecord> loadAll() {
        List<NrRecord> loaded = new ArrayList<>();
        for (SecretRecords.Entry entry : records.readAll()) {
            try {
                loaded.add(fromJson(GSON.fromJson(entry.text(), JsonObject.class)));
            } catch (RuntimeException e) {
                LOG.error("network resource record {} is unreadable and was skipped: {}", entry.file(),
                        e.getClass().getSimpleName());
            }
        }
        return loaded;
    }

    // ---- the node's state ----

    /** What the node's sysctls were before the mesh changed them, null when it has not. */
    JsonObject readNode() {
        try {
            String text = AtomicFiles.readOrNull(directory().resolve(NODE_FILE));
            return text == null ? null : GSON.fromJson(text, JsonObject.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory().resolve(NODE_FILE), e);
        }
    }

    void writeNode(JsonObject node) {
        try {
            AtomicFiles.write(directory().resolve(NODE_FILE), GSON.toJson(node));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + directory().resolve(NODE_FILE), e);
        }
    }

    void deleteNode() {
        try {
            AtomicFiles.delete(directory().resolve(NODE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory().resolve(NODE_FILE), e);
        }
    }

    // ---- JSON ----

    static JsonObject toJson(NrRecord r) {
        NetworkResource d = r.resource();
        JsonObject o = new JsonObject();
        o.addProperty("networkId", d.networkId());
        o.addProperty("name", d.name());
        o.addProperty("ipRange", d.ipRange().toString());
        o.addProperty("subnet", d.subnet().toString());
        o.addProperty("requestedPort", d.listenPort());
        o.addProperty("listenPort", r.listenPort());
        o.addProperty("uplinkIndex", r.uplinkIndex());
        o.addProperty("privateKey", r.privateKey().revealBase64());
        o.addProperty("sealedKeyDigest", r.sealedKeyDigest());
        o.add("peers", peersToJson(d.peers()));
        JsonArray workloads = new JsonArray();
        for (Workload w : r.workloads()) {
            JsonObject wo = new JsonObject();
            wo.addProperty("workloadId", w.workloadId());
            wo.addProperty("namespace", w.namespace());
            wo.addProperty("interfaceName", w.interfaceName());
            wo.addProperty("hostLink", w.hostLink());
            wo.addProperty("address", w.address().toString());
            wo.addProperty("ula", w.ula().toString());
            wo.addProperty("ipv6DefaultRoute", w.ipv6DefaultRoute());
            workloads.add(wo);
        }
        o.add("workloads", workloads);
        o.addProperty("appliedAt", r.appliedAt().toString());
        return o;
    }

    static JsonArray peersToJson(List<MeshPeer> peers) {
        JsonArray array = new JsonArray();
        for (MeshPeer p : peers) {
            JsonObject po = new JsonObject();
            po.addProperty("publicKey", p.publicKey().base64());
            po.addProperty("subnet", p.subnet() == null ? null : p.subnet().toString());
            JsonArray allowed = new JsonArray();
            p.allowedIps().forEach(c -> allowed.add(c.toString()));
            po.add("allowedIps", allowed);
            po.addProperty("endpoint", p.endpoint() == null ? null : p.endpoint().toString());
            po.addProperty("keepalive", p.persistentKeepalive());
            array.add(po);
        }
        return array;
    }

    static NrRecord fromJson(JsonObject o) {
        NetworkResource resource = new NetworkResource(o.get("networkId").getAsString(), o.get("name").getAsString(),
                Cidr.parse(o.get("ipRange").getAsString()), Cidr.parse(o.get("subnet").getAsString()),
                o.get("requestedPort").getAsInt(), null, peersFromJson(o.getAsJsonArray("peers")));
        List<Workload> workloads = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("workloads")) {
            JsonObject w = e.getAsJsonObject();
            workloads.add(new Workload(w.get("workloadId").getAsString(), w.get("namespace").getAsString(),
                    w.get("interfaceName").getAsString(), w.get("hostLink").getAsString(),
                    Cidr.parse(w.get("address").getAsString()), Cidr.parse(w.get("ula").getAsString()),
                    w.get("ipv6DefaultRoute").getAsBoolean()));
        }
        return new NrRecord(resource, stringOrNull(o.get("sealedKeyDigest")),
                PrivateKey.parse(o.get("privateKey").getAsString()), o.get("listenPort").getAsInt(),
                o.get("uplinkIndex").getAsInt(), workloads, Instant.parse(o.get("appliedAt").getAsString()));
    }

    static List<MeshPeer> peersFromJson(JsonArray array) {
        List<MeshPeer> peers = new ArrayList<>();
        for (JsonElement e : array) {
            JsonObject p = e.getAsJsonObject();
            String subnet = stringOrNull(p.get("subnet"));
            String endpoint = stringOrNull(p.get("endpoint"));
            List<Cidr> allowed = new ArrayList<>();
            p.getAsJsonArray("allowedIps").forEach(c -> allowed.add(Cidr.parse(c.getAsString())));
            peers.add(new MeshPeer(PublicKey.parse(p.get("publicKey").getAsString()),
                    subnet == null ? null : Cidr.parse(subnet), allowed,
                    endpoint == null ? null : Endpoint.parse(endpoint), p.get("keepalive").getAsInt()));
        }
        return peers;
    }

    private static String stringOrNull(JsonElement e) {
        return e == null || e instanceof JsonNull ? null : e.getAsString();
    }
}
