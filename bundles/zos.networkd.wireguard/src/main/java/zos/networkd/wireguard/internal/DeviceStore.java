package zos.networkd.wireguard.internal;

import java.nio.file.Path;
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

import zos.networkd.api.files.SecretRecords;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.DeviceConfig;
import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PeerConfig;
import zos.networkd.api.wireguard.PresharedKey;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.PublicKey;
import zos.networkd.api.wireguard.WireguardBackend;

/**
 * One JSON file per device ({@code <directory>/<name>.json}, mode 0600, directory 0700), replaced
 * atomically on every change. The files hold private keys: they are written only here, explicitly,
 * never through a reflection-based serializer.
 */
final class DeviceStore {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceStore.class);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
    private static final String SUFFIX = ".json";

    private final SecretRecords records;

    DeviceStore(Path directory) {
        records = new SecretRecords(directory, SUFFIX, "state of WireGuard device");
    }

    Path directory() {
        return records.directory();
    }

    Path fileOf(String name) {
        return records.fileOf(name);
    }

    void write(DeviceRecord record) {
        records.write(record.name(), GSON.toJson(toJson(record)));
    }

    void delete(String name) {
        records.delete(name);
    }

    /** Every readable record; a file that cannot be read is reported and skipped, not deleted. */
    List<DeviceRecord> loadAll() {
        List<DeviceRecord> loaded = new ArrayList<>();
        for (SecretRecords.Entry entry : records.readAll()) {
            try {
                loaded.add(fromJson(GSON.fromJson(entry.text(), JsonObject.class)));
            } catch (RuntimeException e) {
                // the message never quotes the file: it holds a private key
                LOG.error("WireGuard state file {} is unreadable and was skipped: {}", entry.file(),
                        e.getClass().getSimpleName());
            }
        }
        return loaded;
    }

    static JsonObject toJson(DeviceRecord r) {
        JsonObject o = new JsonObject();
        DeviceSpec spec = r.spec();
        o.addProperty("name", spec.name());
        o.addProperty("socketNamespace", spec.socketNamespace());
        o.addProperty("interfaceNamespace", spec.interfaceNamespace());
        o.add("addresses", cidrs(spec.addresses()));
        o.add("routes", cidrs(spec.routes()));
        o.addProperty("mtu", spec.mtu());
        o.addProperty("backend", r.backend().name());
        o.addProperty("privateKey", r.config().privateKey().revealBase64());
        o.addProperty("listenPort", r.config().listenPort());
        o.addProperty("fwmark", r.config().fwmark());
        JsonArray peers = new JsonArray();
        for (PeerConfig p : r.config().peers()) {
            JsonObject peer = new JsonObject();
            peer.addProperty("publicKey", p.publicKey().base64());
            peer.addProperty("presharedKey", p.presharedKey() == null ? null : p.presharedKey().revealBase64());
            peer.addProperty("endpoint", p.endpoint() == null ? null : p.endpoint().toString());
            peer.add("allowedIps", cidrs(p.allowedIps()));
            peer.addProperty("persistentKeepalive", p.persistentKeepalive());
            peers.add(peer);
        }
        o.add("peers", peers);
        o.addProperty("pid", r.pid());
        o.addProperty("startTime", r.startTime());
        return o;
    }

    static DeviceRecord fromJson(JsonObject o) {
        DeviceSpec spec = new DeviceSpec(o.get("name").getAsString(), stringOrNull(o.get("socketNamespace")),
                stringOrNull(o.get("interfaceNamespace")), cidrs(o.getAsJsonArray("addresses")),
                cidrs(o.getAsJsonArray("routes")), o.get("mtu").getAsInt());
        List<PeerConfig> peers = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("peers")) {
            JsonObject p = e.getAsJsonObject();
            String psk = stringOrNull(p.get("presharedKey"));
            String endpoint = stringOrNull(p.get("endpoint"));
            peers.add(new PeerConfig(PublicKey.parse(p.get("publicKey").getAsString()),
                    psk == null ? null : PresharedKey.parse(psk), endpoint == null ? null : Endpoint.parse(endpoint),
                    cidrs(p.getAsJsonArray("allowedIps")), p.get("persistentKeepalive").getAsInt()));
        }
        DeviceConfig config = new DeviceConfig(PrivateKey.parse(o.get("privateKey").getAsString()),
                o.get("listenPort").getAsInt(), o.get("fwmark").getAsInt(), peers);
        return new DeviceRecord(spec, WireguardBackend.valueOf(o.get("backend").getAsString()), config,
                o.get("pid").getAsLong(), o.get("startTime").getAsLong());
    }

    private static JsonArray cidrs(List<Cidr> list) {
        JsonArray a = new JsonArray();
        list.forEach(c -> a.add(c.toString()));
        return a;
    }

    private static List<Cidr> cidrs(JsonArray a) {
        List<Cidr> list = new ArrayList<>();
        if (a != null) {
            a.forEach(e -> list.add(Cidr.parse(e.getAsString())));
        }
        return list;
    }

    private static String stringOrNull(JsonElement e) {
        return e == null || e instanceof JsonNull ? null : e.getAsString();
    }
}
