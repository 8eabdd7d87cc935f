package zos.grid.api.json;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SealedSecret;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.model.AgreementKey;
import zos.grid.api.model.Farm;
import zos.grid.api.model.FarmRegistration;
import zos.grid.api.model.Interface;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.Node;
import zos.grid.api.model.NodeRegistration;
import zos.grid.api.model.Operation;
import zos.grid.api.model.Peer;
import zos.grid.api.model.PublicConfig;
import zos.grid.api.model.ResultState;
import zos.grid.api.model.UsedPorts;
import zos.grid.api.model.User;
import zos.grid.api.model.UserRegistration;
import zos.grid.api.model.ValidationException;
import zos.grid.api.model.Workload;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadPage;
import zos.grid.api.model.WorkloadResult;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.MacAddress;

/**
 * The grid model in JSON, both ways. Field names are snake_case; keys, signatures and sealed bytes
 * are base64, key ids base58, addresses {@code a.b.c.d/len}, times ISO-8601. Readers accept only
 * known fields and throw {@link ValidationException}s naming the field ({@code [1].mac},
 * {@code resource.peers[0].endpoint}). Writers emit fields in one fixed order, so a record's JSON is
 * canonical: {@link #workloadSigningBytes} relies on it.
 */
public final class GridJson {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();

    private GridJson() {
    }

    // ---- text ----

    /** Parses a body; anything but well-formed JSON is a {@code body} failure. */
    public static JsonElement parse(byte[] body) {
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    public static JsonElement parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationException("body", "empty, a JSON document is required");
        }
        try {
            com.google.gson.stream.JsonReader reader = new com.google.gson.stream.JsonReader(new java.io.StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new ValidationException("body", "text after the JSON document");
            }
            return element;
        } catch (JsonParseException | java.io.IOException | IllegalStateException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ValidationException("body", "not valid JSON: " + reason.replaceAll("\\s*See https?://\\S+", ""));
        }
    }

    public static String toText(JsonElement element) {
        return GSON.toJson(element);
    }

    public static byte[] toBytes(JsonElement element) {
        return toText(element).getBytes(StandardCharsets.UTF_8);
    }

    public static String toPrettyText(JsonElement element) {
        return PRETTY.toJson(element);
    }

    // ---- farms and users ----

    public static JsonObject toJson(Farm farm) {
        JsonObject out = new JsonObject();
        out.addProperty("id", farm.id());
        out.addProperty("name", farm.name());
        out.addProperty("farmer", farm.farmer().text());
        return out;
    }

    public static Farm farm(JsonElement json) {
        JsonIn in = JsonIn.of(json, "", Set.of("id", "name", "farmer"));
        long id = in.integer("id");
        String name = in.string("name");
        KeyId farmer = keyId(in, "farmer");
        return in.build(() -> new Farm(id, name, farmer));
    }

    public static JsonObject toJson(FarmRegistration registration) {
        JsonObject out = new JsonObject();
        out.addProperty("name", registration.name());
        return out;
    }

    public static FarmRegistration farmRegistration(JsonElement json) {
        JsonIn in = JsonIn.of(json, "", Set.of("name"));
        String name = in.string("name");
        return in.build(() -> new FarmRegistration(name));
    }

    public static JsonObject toJson(User user) {
        JsonObject out = new JsonObject();
        out.addProperty("id", user.id().text());
        out.addProperty("name", user.name());
        return out;
    }

    public static User user(JsonElement json) {
        JsonIn in = JsonIn.of(json, "", Set.of("id", "name"));
        KeyId id = keyId(in, "id");
        String name = in.string("name");
        return in.build(() -> new User(id, name));
    }

    public static JsonObject toJson(UserRegistration registration) {
        JsonObject out = new JsonObject();
        out.addProperty("name", registration.name());
        return out;
    }

    public static UserRegistration userRegistration(JsonElement json) {
        JsonIn in = JsonIn.of(json, "", Set.of("name"));
        String name = in.string("name");
        return in.build(() -> new UserRegistration(name));
    }

    // ---- nodes ----

    public static JsonObject toJson(AgreementKey key) {
        JsonObject out = new JsonObject();
        out.addProperty("public_key", base64(key.publicKey()));
        out.addProperty("signature", base64(key.signature()));
        return out;
    }

    static AgreementKey agreementKey(JsonElement json, String path) {
        JsonIn in = JsonIn.of(json, path, Set.of("public_key", "signature"));
        byte[] publicKey = in.base64("public_key");
        byte[] signature = in.base64("signature");
        return in.build(() -> new AgreementKey(publicKey, signature));
    }

    public static JsonObject toJson(NodeRegistration registration) {
        JsonObject out = new JsonObject();
        out.addProperty("id", registration.id().text());
        out.addProperty("farm_id", registration.farmId());
        out.addProperty("hostname", registration.hostname());
        out.addProperty("version", registration.version());
        out.add("agreement_key", toJson(registration.agreementKey()));
        return out;
    }

    public static NodeRegistration nodeRegistration(JsonElement json) {
        JsonIn in = JsonIn.of(json, "", Set.of("id", "farm_id", "hostname", "version", "agreement_key"));
        KeyId id = keyId(in, "id");
        long farmId = in.integer("farm_id");
        String hostname = in.string("hostname");
        String version = in.string("version");
        AgreementKey agreementKey = agreementKey(in.child("agreement_key"), in.field("agreement_key"));
        return in.build(() -> new NodeRegistration(id, farmId, hostname, version, agreementKey));
    }

    public static JsonObject toJson(Interface nic) {
        JsonObject out = new JsonObject();
        out.addProperty("name", nic.name());
        out.add("mac", nic.mac() == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(nic.mac().text()));
        JsonArray addresses = new JsonArray();
        nic.addresses().forEach(address -> addresses.add(address.toString()));
        out.add("addresses", addresses);
        JsonArray gateways = new JsonArray();
        nic.gateways().forEach(gateway -> gateways.add(IpAddresses.format(gateway)));
        out.add("gateways", gateways);
        return out;
    }

    static Interface nic(JsonElement json, String path) {
        JsonIn in = JsonIn.of(json, path, Set.of("name", "mac", "addresses", "gateways"));
        String name = in.string("name");
        MacAddress mac = in.has("mac") ? in.convert("mac", MacAddress::parse, null) : null;
        List<Cidr> addresses = in.convertAll("addresses", Interface.MAX_ADDRESSES, Cidr::parse);
        List<InetAddress> gateways = in.convertAll("gateways", 16, IpAddresses::parse);
        return in.build(() -> new Interface(name, mac, addresses, gateways));
    }

    public static JsonArray toJson(List<Interface> interfaces) {
        JsonArray out = new JsonArray();
        interfaces.forEach(nic -> out.add(toJson(nic)));
        return out;
    }

    /** A set of interfaces (a JSON array), as a node publishes it. */
    public static List<Interface> interfaces(JsonElement json) {
        return interfaces(json, "");
    }

    private static List<Interface> interfaces(JsonElement json, String path) {
        List<JsonElement> items = JsonIn.array(json, path, 1024);
        List<Interface> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(nic(items.get(i), JsonIn.item(path, i)));
        }
        return JsonIn.build(path, () -> Interface.set(out));
    }

    public static JsonObject toJson(UsedPorts ports) {
        JsonObject out = new JsonObject();
        JsonArray list = new JsonArray();
        ports.ports().forEach(list::add);
        out.add("ports", list);
        return out;
    }

    public static UsedPorts usedPorts(JsonElement json) {
        return usedPorts(json, "");
    }

    private static UsedPorts usedPorts(JsonElement json, String path) {
        JsonIn in = JsonIn.of(json, path, Set.of("ports"));
        List<JsonElement> items = in.list("ports", 65535);
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonElement item = items.get(i);
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isNumber()) {
                throw new ValidationException(JsonIn.item(in.field("ports"), i), "must be a number");
            }
            double value = item.getAsDouble();
            if (value != Math.rint(value) || value < 1 || value > 65535) {
                throw new ValidationException(JsonIn.item(in.field("ports"), i), "not a port (1 to 65535): " + item);
            }
            ports.add((int) value);
        }
        return in.build(() -> new UsedPorts(ports));
    }

    public static JsonObject toJson(PublicConfig config) {
        JsonObject out = new JsonObject();
        out.addProperty("type", config.type());
        out.addProperty("master", config.master());
        out.add("ipv4", config.ipv4() == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(config.ipv4().toString()));
        out.add("gateway4", ip(config.gateway4()));
        out.add("ipv6", config.ipv6() == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(config.ipv6().toString()));
        out.add("gateway6", ip(config.gateway6()));
        out.addProperty("version", config.version());
        return out;
    }

    /** A public configuration; a missing {@code version} reads as 0 (the registry sets it). */
    public static PublicConfig publicConfig(JsonElement json) {
        return publicConfig(json, "");
    }

    private static PublicConfig publicConfig(JsonElement json, String path) {
        JsonIn in = JsonIn.of(json, path, Set.of("type", "master", "ipv4", "gateway4", "ipv6", "gateway6", "version"));
        String type = in.string("type");
        String master = in.string("master");
        Cidr ipv4 = in.optionalCidr("ipv4");
        InetAddress gateway4 = in.optionalIp("gateway4");
        Cidr ipv6 = in.optionalCidr("ipv6");
        InetAddress gateway6 = in.optionalIp("gateway6");
        long version = in.has("version") ? in.integer("version") : 0;
        return in.build(() -> new PublicConfig(type, master, ipv4, gateway4, ipv6, gateway6, version));
    }

    public static JsonObject toJson(Node node) {
        JsonObject out = new JsonObject();
        out.addProperty("id", node.id().text());
        out.addProperty("farm_id", node.farmId());
        out.addProperty("hostname", node.hostname());
        out.addProperty("version", node.version());
        out.add("agreement_key", toJson(node.agreementKey()));
        out.addProperty("registered", node.registered().toString());
        out.addProperty("last_seen", node.lastSeen().toString());
        out.add("interfaces", toJson(node.interfaces()));
        out.add("used_ports", toJson(node.usedPorts()));
        out.add("public_config", node.publicConfig() == null ? JsonNull.INSTANCE : toJson(node.publicConfig()));
        return out;
    }

    public static Node node(JsonElement json) {
        JsonIn in = JsonIn.of(json, "", Set.of("id", "farm_id", "hostname", "version", "agreement_key", "registered",
                "last_seen", "interfaces", "used_ports", "public_config"));
        KeyId id = keyId(in, "id");
        long farmId = in.integer("farm_id");
        String hostname = in.string("hostname");
        String version = in.string("version");
        AgreementKey agreementKey = agreementKey(in.child("agreement_key"), in.field("agreement_key"));
        Instant registered = in.instant("registered");
        Instant lastSeen = in.instant("last_seen");
        List<Interface> interfaces = interfaces(in.child("interfaces"), in.field("interfaces"));
        UsedPorts usedPorts = usedPorts(in.child("used_ports"), in.field("used_ports"));
        PublicConfig publicConfig = in.has("public_config") ? publicConfig(in.child("public_config"), in.field("public_config")) : null;
        return in.build(() -> new Node(id, farmId, hostname, version, agreementKey, registered, lastSeen, interfaces,
                usedPorts, publicConfig));
    }

    // ---- workloads ----

    public static JsonObject toJson(SealedSecret sealed) {
        JsonObject out = new JsonObject();
        out.addProperty("enc", base64(sealed.enc()));
        out.addProperty("ciphertext", base64(sealed.ciphertext()));
        return out;
    }

    /** A sealed secret ({@code enc}, {@code ciphertext}), checked; failures name {@code path}. */
    public static SealedSecret sealedSecret(JsonElement json, String path) {
        JsonIn in = JsonIn.of(json, path, Set.of("enc", "ciphertext"));
        byte[] enc = in.base64("enc");
        byte[] ciphertext = in.base64("ciphertext");
        if (enc.length != SealedSecret.ENC_LENGTH) {
            throw new ValidationException(in.field("enc"), "must be " + SealedSecret.ENC_LENGTH + " bytes (an X25519 public key)");
        }
        if (ciphertext.length < SealedSecret.TAG_LENGTH) {
            throw new ValidationException(in.field("ciphertext"), "must be at least " + SealedSecret.TAG_LENGTH + " bytes");
        }
        return in.build(() -> new SealedSecret(enc, ciphertext));
    }

    public static JsonObject toJson(Peer peer) {
        JsonObject out = new JsonObject();
        out.addProperty("subnet", peer.subnet().toString());
        out.addProperty("wg_public_key", peer.wgPublicKey());
        JsonArray allowed = new JsonArray();
        peer.allowedIps().forEach(cidr -> allowed.add(cidr.toString()));
        out.add("allowed_ips", allowed);
        out.addProperty("endpoint", peer.endpoint());
        return out;
    }

    static Peer peer(JsonElement json, String path) {
        JsonIn in = JsonIn.of(json, path, Set.of("subnet", "wg_public_key", "allowed_ips", "endpoint"));
        Cidr subnet = in.cidr("subnet");
        String key = in.string("wg_public_key");
        List<Cidr> allowed = in.convertAll("allowed_ips", 1024, Cidr::parse);
        String endpoint = in.string("endpoint");
        return in.build(() -> new Peer(subnet, key, allowed, endpoint));
    }

    public static JsonObject toJson(NetworkResource resource) {
        JsonObject out = new JsonObject();
        out.addProperty("name", resource.name());
        out.addProperty("net_id", resource.netId());
        out.addProperty("ip_range", resource.ipRange().toString());
        out.addProperty("subnet", resource.subnet().toString());
        out.add("wg_private_key", resource.wgPrivateKey() == null ? JsonNull.INSTANCE : toJson(resource.wgPrivateKey()));
        out.addProperty("wg_public_key", resource.wgPublicKey());
        out.addProperty("wg_listen_port", resource.wgListenPort());
        JsonArray peers = new JsonArray();
        resource.peers().forEach(peer -> peers.add(toJson(peer)));
        out.add("peers", peers);
        out.addProperty("version", resource.version());
        return out;
    }

    static NetworkResource networkResource(JsonElement json, String path) {
        JsonIn in = JsonIn.of(json, path, Set.of("name", "net_id", "ip_range", "subnet", "wg_private_key", "wg_public_key",
                "wg_listen_port", "peers", "version"));
        String name = in.string("name");
        String netId = in.string("net_id");
        Cidr ipRange = in.cidr("ip_range");
        Cidr subnet = in.cidr("subnet");
        SealedSecret privateKey = in.has("wg_private_key")
                ? sealedSecret(in.child("wg_private_key"), in.field("wg_private_key")) : null;
        String publicKey = in.string("wg_public_key");
        int port = in.smallInteger("wg_listen_port");
        List<JsonElement> peerItems = in.list("peers", 1024);
        long version = in.integer("version");
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < peerItems.size(); i++) {
            peers.add(peer(peerItems.get(i), JsonIn.item(in.field("peers"), i)));
        }
        return in.build(() -> new NetworkResource(name, netId, ipRange, subnet, privateKey, publicKey, port, peers,
                version));
    }

    private static JsonObject unsignedWorkload(KeyId user, KeyId node, Operation operation, NetworkResource resource) {
        JsonObject out = new JsonObject();
        out.addProperty("user", user.text());
        out.addProperty("node", node.text());
        out.addProperty("operation", operation.wireName());
        out.add("resource", toJson(resource));
        return out;
    }

    /** What a user signs for a workload: its canonical JSON without the signature, as UTF-8. */
    public static byte[] workloadSigningBytes(KeyId user, KeyId node, Operation operation, NetworkResource resource) {
        return toBytes(unsignedWorkload(user, node, operation, resource));
    }

    /** A workload signed with the user's key. */
    public static Workload signWorkload(SigningKey user, KeyId node, Operation operation, NetworkResource resource) {
        byte[] signature = user.sign(workloadSigningBytes(user.id(), node, operation, resource));
        return new Workload(user.id(), node, operation, resource, signature);
    }

    /** Whether the workload's signature is its user's. */
    public static boolean isSignedByItsUser(Workload workload) {
        return workload.user().verifies(
                workloadSigningBytes(workload.user(), workload.node(), workload.operation(), workload.resource()),
                workload.signature());
    }

    public static JsonObject toJson(Workload workload) {
        JsonObject out = unsignedWorkload(workload.user(), workload.node(), workload.operation(), workload.resource());
        out.addProperty("signature", base64(workload.signature()));
        return out;
    }

    public static Workload workload(JsonElement json) {
        return workload(json, "");
    }

    private static Workload workload(JsonElement json, String path) {
        JsonIn in = JsonIn.of(json, path, Set.of("user", "node", "operation", "resource", "signature"));
        KeyId user = keyId(in, "user");
        KeyId node = keyId(in, "node");
        Operation operation = in.convert("operation", Operation::ofWireName, null);
        NetworkResource resource = networkResource(in.child("resource"), in.field("resource"));
        byte[] signature = in.base64("signature");
        return in.build(() -> new Workload(user, node, operation, resource, signature));
    }

    public static JsonObject toJson(WorkloadResult result) {
        JsonObject out = new JsonObject();
        out.addProperty("state", result.state().wireName());
        out.addProperty("message", result.message());
        JsonObject data = new JsonObject();
        result.data().forEach(data::addProperty);
        out.add("data", data);
        return out;
    }

    public static WorkloadResult workloadResult(JsonElement json) {
        return workloadResult(json, "");
    }

    private static WorkloadResult workloadResult(JsonElement json, String path) {
        JsonIn in = JsonIn.of(json, path, Set.of("state", "message", "data"));
        ResultState state = in.convert("state", ResultState::ofWireName, null);
        String message = in.string("message");
        Map<String, String> data = in.has("data") ? in.stringMap("data") : Map.of();
        return in.build(() -> new WorkloadResult(state, message, data));
    }

    public static JsonObject toJson(WorkloadEntry entry) {
        JsonObject out = new JsonObject();
        out.addProperty("cursor", entry.cursor());
        out.addProperty("created", entry.created().toString());
        out.add("workload", toJson(entry.workload()));
        out.add("result", entry.result() == null ? JsonNull.INSTANCE : toJson(entry.result()));
        out.add("reported", entry.reported() == null ? JsonNull.INSTANCE
                : new com.google.gson.JsonPrimitive(entry.reported().toString()));
        return out;
    }

    static WorkloadEntry workloadEntry(JsonElement json, String path) {
        JsonIn in = JsonIn.of(json, path, Set.of("cursor", "created", "workload", "result", "reported"));
        long cursor = in.integer("cursor");
        Instant created = in.instant("created");
        Workload workload = workload(in.child("workload"), in.field("workload"));
        WorkloadResult result = in.has("result") ? workloadResult(in.child("result"), in.field("result")) : null;
        Instant reported = in.has("reported") ? in.instant("reported") : null;
        return in.build(() -> new WorkloadEntry(cursor, created, workload, result, reported));
    }

    public static WorkloadEntry workloadEntry(JsonElement json) {
        return workloadEntry(json, "");
    }

    public static JsonObject toJson(WorkloadPage page) {
        JsonObject out = new JsonObject();
        JsonArray entries = new JsonArray();
        page.workloads().forEach(entry -> entries.add(toJson(entry)));
        out.add("workloads", entries);
        out.addProperty("cursor", page.cursor());
        out.addProperty("more", page.more());
        return out;
    }

    public static WorkloadPage workloadPage(JsonElement json) {
        JsonIn in = JsonIn.of(json, "", Set.of("workloads", "cursor", "more"));
        List<JsonElement> items = in.list("workloads", 100_000);
        List<WorkloadEntry> entries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            entries.add(workloadEntry(items.get(i), JsonIn.item(in.field("workloads"), i)));
        }
        long cursor = in.integer("cursor");
        JsonElement more = in.child("more");
        if (!more.isJsonPrimitive() || !more.getAsJsonPrimitive().isBoolean()) {
            throw new ValidationException("more", "must be true or false");
        }
        return in.build(() -> new WorkloadPage(entries, cursor, more.getAsBoolean()));
    }

    // ---- helpers ----

    private static KeyId keyId(JsonIn in, String name) {
        return in.convert(name, KeyId::parse, null);
    }

    private static JsonElement ip(InetAddress address) {
        return address == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(IpAddresses.format(address));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
