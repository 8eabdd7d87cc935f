package zos.networkd.itest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import zos.grid.api.crypto.AgreementKeyPair;
import zos.grid.api.crypto.HttpSignatures;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.AgreementKey;
import zos.grid.api.model.FarmRegistration;
import zos.grid.api.model.Interface;
import zos.grid.api.model.NodeRegistration;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.MacAddress;

/**
 * A farmer and a node talking to the registry over HTTP, signing as they should. Loaded only after
 * the registry feature is installed (the probe imports the grid API dynamically), so the test class
 * itself names no grid type.
 */
final class GridClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final SigningKey farmer = SigningKey.generate();
    private final SigningKey node = SigningKey.generate();

    GridClient(String base) {
        this.base = URI.create(base);
    }

    String nodeId() {
        return node.id().text();
    }

    int status(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null).statusCode();
    }

    String get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null).body();
    }

    /** Registers a farm and the node, publishes eth0 and eth1; returns the statuses. */
    List<Integer> registerNodeWithNics() throws IOException, InterruptedException {
        HttpResponse<String> farm = send("POST", "/farms", farmer, GridJson.toBytes(GridJson.toJson(new FarmRegistration("lab farm"))));
        long farmId = GridJson.parse(farm.body()).getAsJsonObject().get("id").getAsLong();
        NodeRegistration registration = new NodeRegistration(node.id(), farmId, "node1", "0.1.0",
                AgreementKey.signedBy(node, AgreementKeyPair.generate().publicKey()));
        HttpResponse<String> registered = send("POST", "/nodes", node, GridJson.toBytes(GridJson.toJson(registration)));
        List<Interface> nics = List.of(
                new Interface("eth0", MacAddress.parse("02:5a:00:01:00:00"), List.of(Cidr.parse("198.51.100.10/24")),
                        List.of(IpAddresses.parse("198.51.100.1"))),
                new Interface("eth1", MacAddress.parse("02:5a:00:01:00:01"), List.of(), List.of()));
        HttpResponse<String> published = send("POST", "/nodes/" + nodeId() + "/interfaces", node, GridJson.toBytes(GridJson.toJson(nics)));
        return List.of(farm.statusCode(), registered.statusCode(), published.statusCode());
    }

    /** The same publication, signed by the farmer instead of the node. */
    int publishAsFarmer() throws IOException, InterruptedException {
        return send("POST", "/nodes/" + nodeId() + "/interfaces", farmer, "[]".getBytes(StandardCharsets.UTF_8)).statusCode();
    }

    int publishUnsigned() throws IOException, InterruptedException {
        return send("POST", "/nodes/" + nodeId() + "/interfaces", null, "[]".getBytes(StandardCharsets.UTF_8)).statusCode();
    }

    List<String> interfaceMacs() throws IOException, InterruptedException {
        return GridJson.node(GridJson.parse(get("/nodes/" + nodeId()))).interfaces().stream()
                .map(nic -> nic.mac().text()).toList();
    }

    private HttpResponse<String> send(String method, String path, SigningKey signer, byte[] body)
            throws IOException, InterruptedException {
        URI target = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (signer != null) {
            Map<String, String> headers = HttpSignatures.sign(signer, method, target, body == null ? new byte[0] : body, Instant.now());
            headers.forEach(request::header);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
