package zos.networkd.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import zos.grid.api.crypto.HttpSignatures;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.FarmRegistration;

/**
 * The grid registry in the node's own distribution, playing the registry "on the Internet": it
 * answers at {@link DhcpUpstream#REGISTRY_IP} (an address of the test's namespace) and on the
 * loopback, where the test talks to it, signing as users and farmers do.
 */
final class LocalRegistry {
    static final String LOCAL = "http://127.0.0.1:8181/grid";

    private LocalRegistry() {
    }

    /** Installs the registry feature (once per container) and registers farm 1. */
    static void installWithFarm(NetworkdTestSupport test) throws InterruptedException {
        LabNamespace.requireLabNamespace();
        Ip.run("addr", "add", DhcpUpstream.REGISTRY_IP + "/32", "dev", "lo");
        if (test.bundle("zos.grid.registry").isEmpty()) {
            String output = test.executeCommand("feature:install --no-auto-refresh zos-grid-registry");
            assertFalse(output, output.toLowerCase().contains("error"));
        }
        // Pax Web may still restart its connector right after the install: retry until the farm is in
        SigningKey farmer = SigningKey.generate();
        byte[] farmBody = GridJson.toBytes(GridJson.toJson(new FarmRegistration("lab farm")));
        AtomicReference<HttpResponse<String>> farm = new AtomicReference<>();
        NetworkdTestSupport.awaitCondition("farm registered", Duration.ofSeconds(60), () -> {
            try {
                farm.set(signed(farmer, "POST", "/farms", farmBody));
                return farm.get().statusCode() / 100 == 2;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(1, GridJson.parse(farm.get().body()).getAsJsonObject().get("id").getAsLong());
    }

    static HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(LOCAL + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> signed(SigningKey signer, String method, String path, byte[] body) throws Exception {
        URI target = URI.create(LOCAL + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        for (Map.Entry<String, String> h : HttpSignatures.sign(signer, method, target, body, Instant.now()).entrySet()) {
            request.header(h.getKey(), h.getValue());
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
