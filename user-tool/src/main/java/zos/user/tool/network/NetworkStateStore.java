package zos.user.tool.network;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SealedSecret;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.Peer;
import zos.networkd.api.files.AtomicFiles;
import zos.networkd.api.host.Cidr;

/**
 * The user's networks, one JSON file each ({@code <name>.json}) in an owner-only directory (0700,
 * files 0600, replaced atomically). No private key is in them: a user-generated node key is kept
 * only sealed to its node, a laptop's never. Lost files lose the versions and cursors: the nodes
 * keep running, but this tool can no longer update or delete the network (it would send version 1,
 * which the nodes refuse as a replay).
 */
public final class NetworkStateStore {
    private static final int FORMAT = 1;
    private final Path directory;

    public NetworkStateStore(Path directory) {
        this.directory = directory;
    }

    /** {@code $ZOS_USER_STATE}, else {@code ~/.config/zos/networks}. */
    public static Path defaultDirectory() {
        String configured = System.getenv("ZOS_USER_STATE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".config", "zos", "networks");
    }

    public Path directory() {
        return directory;
    }

    public Path file(String name) {
        return directory.resolve(NetworkPlanner.checkName(name) + ".json");
    }

    public Optional<NetworkState> load(String name) throws IOException {
        Path file = file(name);
        String text = AtomicFiles.readOrNull(file);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromJson(GridJson.parse(text).getAsJsonObject()));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a network state file: " + e.getMessage(), e);
        }
    }

    /** Loads it, or says that this tool knows no such network. */
    public NetworkState require(String name) throws IOException {
        return load(name).orElseThrow(() -> new IOException("no network '" + name + "' here (no " + file(name)
                + "); create it with: zos-user network create"));
    }

    public void save(NetworkState state) throws IOException {
        AtomicFiles.privateDirectory(directory);
        AtomicFiles.write(file(state.name()), GridJson.toPrettyText(toJson(state)) + "\n");
    }

    public void delete(String name) throws IOException {
        AtomicFiles.delete(file(name));
    }

    static JsonObject toJson(NetworkState state) {
        JsonObject out = new JsonObject();
        out.addProperty("format", FORMAT);
        out.addProperty("name", state.name());
        out.addProperty("net_id", state.netId());
        out.addProperty("ip_range", state.range().toString());
        out.addProperty("user", state.user().text());
        out.addProperty("user_keys", state.userKeys());
        out.addProperty("node_ports", state.nodePorts());
        JsonArray nodes = new JsonArray();
        for (NodeState n : state.nodes()) {
            JsonObject node = new JsonObject();
            node.addProperty("node", n.node().text());
            node.addProperty("subnet", n.subnet().toString());
            node.addProperty("port", n.port());
            node.add("sealed_key", n.sealedKey() == null ? JsonNull.INSTANCE : GridJson.toJson(n.sealedKey()));
            node.addProperty("user_public_key", n.userPublicKey());
            node.addProperty("version", n.version());
            node.addProperty("cursor", n.cursor());
            node.addProperty("status", n.status().text());
            node.addProperty("message", n.message());
            if (n.report() != null) {
                JsonObject report = new JsonObject();
                report.addProperty("wg_public_key", n.report().publicKey());
                report.addProperty("wg_listen_port", n.report().listenPort());
                report.addProperty("endpoint_ipv4", n.report().endpointIpv4());
                report.addProperty("endpoint_ipv6", n.report().endpointIpv6());
                report.addProperty("public", n.report().isPublic());
                node.add("report", report);
            }
            JsonArray peers = new JsonArray();
            n.peers().forEach(p -> peers.add(GridJson.toJson(p)));
            node.add("peers", peers);
            nodes.add(node);
        }
        out.add("nodes", nodes);
        JsonArray access = new JsonArray();
        for (AccessPeer a : state.access()) {
            JsonObject peer = new JsonObject();
            peer.addProperty("name", a.name());
            peer.addProperty("subnet", a.subnet().toString());
            peer.addProperty("wg_public_key", a.publicKey());
            peer.addProperty("via", a.via().text());
            access.add(peer);
        }
        out.add("access", access);
        return out;
    }

    static NetworkState fromJson(JsonObject in) {
        if (in.get("format").getAsInt() != FORMAT) {
            throw new IllegalArgumentException("format " + in.get("format") + ", this tool reads " + FORMAT);
        }
        List<NodeState> nodes = new ArrayList<>();
        for (JsonElement e : in.getAsJsonArray("nodes")) {
            JsonObject n = e.getAsJsonObject();
            SealedSecret sealed = null;
            if (n.has("sealed_key") && !n.get("sealed_key").isJsonNull()) {
                JsonObject s = n.getAsJsonObject("sealed_key");
                sealed = new SealedSecret(Base64.getDecoder().decode(s.get("enc").getAsString()),
                        Base64.getDecoder().decode(s.get("ciphertext").getAsString()));
            }
            NodeReport report = null;
            if (n.has("report")) {
                JsonObject r = n.getAsJsonObject("report");
                report = new NodeReport(r.get("wg_public_key").getAsString(), r.get("wg_listen_port").getAsInt(),
                        r.get("endpoint_ipv4").getAsString(), r.get("endpoint_ipv6").getAsString(), r.get("public").getAsBoolean());
            }
            List<Peer> peers = new ArrayList<>();
            for (JsonElement p : n.getAsJsonArray("peers")) {
                JsonObject o = p.getAsJsonObject();
                List<Cidr> allowed = new ArrayList<>();
                o.getAsJsonArray("allowed_ips").forEach(c -> allowed.add(Cidr.parse(c.getAsString())));
                peers.add(new Peer(Cidr.parse(o.get("subnet").getAsString()), o.get("wg_public_key").getAsString(), allowed,
                        o.get("endpoint").getAsString()));
            }
            nodes.add(new NodeState(KeyId.parse(n.get("node").getAsString()), Cidr.parse(n.get("subnet").getAsString()),
                    n.get("port").getAsInt(), sealed, n.get("user_public_key").getAsString(), n.get("version").getAsLong(),
                    n.get("cursor").getAsLong(), NodeState.Status.valueOf(n.get("status").getAsString().toUpperCase(java.util.Locale.ROOT)),
                    n.get("message").getAsString(), report, peers));
        }
        List<AccessPeer> access = new ArrayList<>();
        for (JsonElement e : in.getAsJsonArray("access")) {
            JsonObject a = e.getAsJsonObject();
            access.add(new AccessPeer(a.get("name").getAsString(), Cidr.parse(a.get("subnet").getAsString()),
                    a.get("wg_public_key").getAsString(), KeyId.parse(a.get("via").getAsString())));
        }
        return new NetworkState(in.get("name").getAsString(), in.get("net_id").getAsString(),
                Cidr.parse(in.get("ip_range").getAsString()), KeyId.parse(in.get("user").getAsString()),
                in.get("user_keys").getAsBoolean(), in.get("node_ports").getAsBoolean(), nodes, access);
    }
}
