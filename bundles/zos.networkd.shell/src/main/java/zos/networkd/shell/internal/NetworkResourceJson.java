package zos.networkd.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.mesh.MeshPeer;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PublicKey;

/**
 * The JSON form of a network resource that {@code zos:nr-apply} reads:
 *
 * <pre>
 * {
 *   "networkId": "demo",                 required: 1-64 letters, digits, '_', '.', '-'
 *   "name": "demo network",              optional, up to 64 characters
 *   "ipRange": "10.1.0.0/16",            required: the network's IPv4 range, /8 to /24
 *   "subnet": "10.1.1.0/24",             required: this node's /24 in it
 *   "listenPort": 0,                     optional: WireGuard port, 0 (default) lets the node choose
 *   "sealedPrivateKey": "...",           optional: the key sealed to the node; without it the node makes one
 *   "peers": [                           optional
 *     { "publicKey": "base64=",          required
 *       "subnet": "10.1.2.0/24",         its /24 (routes its subnet, 100.64.b.c/32 and ULA /64 to it)
 *       "allowedIps": ["192.0.2.0/24"],  further prefixes routed to it
 *       "endpoint": "198.51.100.2:30000" optional: IPv4:port or [IPv6]:port; absent: it reaches us
 *       "keepalive": 20 }                optional: seconds, 0 for none, default 20
 *   ]
 * }
 * </pre>
 *
 * Unknown fields are refused (a typo must not silently drop a setting).
 */
final class NetworkResourceJson {
    private static final Set<String> RESOURCE_FIELDS = Set.of("networkId", "name", "ipRange", "subnet", "listenPort",
            "sealedPrivateKey", "peers");
    private static final Set<String> PEER_FIELDS = Set.of("publicKey", "subnet", "allowedIps", "endpoint", "keepalive");

    private NetworkResourceJson() {
    }

    /** Parses a declaration; {@link IllegalArgumentException} names the field and what is wrong with it. */
    static NetworkResource parse(String json) {
        JsonObject o;
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw new IllegalArgumentException("a network resource is a JSON object");
            }
            o = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
        }
        known(o, RESOURCE_FIELDS, "network resource");
        String id = text(o, "networkId", true);
        String where = "network resource '" + id + "'";
        List<MeshPeer> peers = new ArrayList<>();
        if (o.has("peers") && !o.get("peers").isJsonNull()) {
            JsonArray array = array(o, "peers", where);
            for (int i = 0; i < array.size(); i++) {
                if (!array.get(i).isJsonObject()) {
                    throw new IllegalArgumentException(where + ": peers[" + i + "] is not an object");
                }
                peers.add(peer(array.get(i).getAsJsonObject(), where + ", peers[" + i + "]"));
            }
        }
        return new NetworkResource(id, text(o, "name", false), cidr(o, "ipRange", where, true),
                cidr(o, "subnet", where, true), number(o, "listenPort", where, 0), text(o, "sealedPrivateKey", false), peers);
    }

    private static MeshPeer peer(JsonObject p, String where) {
        known(p, PEER_FIELDS, where);
        PublicKey key;
        try {
            key = PublicKey.parse(text(p, "publicKey", true));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        List<Cidr> allowed = new ArrayList<>();
        if (p.has("allowedIps") && !p.get("allowedIps").isJsonNull()) {
            for (JsonElement e : array(p, "allowedIps", where)) {
                allowed.add(parseCidr(e.getAsString(), where + ", allowedIps"));
            }
        }
        String endpoint = text(p, "endpoint", false);
        try {
            return new MeshPeer(key, cidr(p, "subnet", where, false), allowed,
                    endpoint == null || endpoint.isEmpty() ? null : Endpoint.parse(endpoint),
                    number(p, "keepalive", where, MeshPeer.DEFAULT_KEEPALIVE));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static void known(JsonObject o, Set<String> fields, String where) {
        for (String key : o.keySet()) {
            if (!fields.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown field '" + key + "' (known: "
                        + fields.stream().sorted().toList() + ")");
            }
        }
    }

    private static String text(JsonObject o, String field, boolean required) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new IllegalArgumentException("'" + field + "' is required");
            }
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return e.getAsString();
    }

    private static int number(JsonObject o, String field, String where, int absent) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return absent;
        }
        try {
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                double value = e.getAsDouble();
                if (value == Math.rint(value) && Math.abs(value) < 1e9) {
                    return (int) value;
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(where + ": '" + field + "' must be a whole number, not " + e);
    }

    private static JsonArray array(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a list");
        }
        return e.getAsJsonArray();
    }

    private static Cidr cidr(JsonObject o, String field, String where, boolean required) {
        String text = text(o, field, required);
        return text == null ? null : parseCidr(text, where + ", " + field);
    }

    private static Cidr parseCidr(String text, String where) {
        if (!text.contains("/")) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not a prefix (address/length)");
        }
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }
}
