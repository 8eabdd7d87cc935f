package zos.user.tool;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import zos.grid.api.crypto.HttpSignatures;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;

/** The registry as the user talks to it: every write signed with the user's key. */
public final class Registry {
    /** The registry refused or could not be reached: the message says which and why. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public Registry(URI base) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    }

    public JsonElement get(String path) throws Failure {
        return send(null, "GET", path, null);
    }

    public JsonElement signed(SigningKey key, String method, String path, JsonElement body) throws Failure {
        return send(key, method, path, body);
    }

    private JsonElement send(SigningKey key, String method, String path, JsonElement body) throws Failure {
        URI target = base.resolve(path);
        byte[] bytes = body == null ? new byte[0] : GridJson.toBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            for (Map.Entry<String, String> h : HttpSignatures.sign(key, method, target, bytes, Instant.now()).entrySet()) {
                request.header(h.getKey(), h.getValue());
            }
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Failure("the registry at " + base + " cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
        if (response.statusCode() / 100 == 2) {
            return GridJson.parse(response.body());
        }
        String reason = response.body();
        try {
            JsonObject error = GridJson.parse(reason).getAsJsonObject();
            reason = (error.has("field") && !error.get("field").isJsonNull() ? error.get("field").getAsString() + ": " : "")
                    + error.get("error").getAsString();
        } catch (RuntimeException notJson) {
            // the body as it is
        }
        throw new Failure("the registry refused " + method + " " + path + " (" + response.statusCode() + "): " + reason);
    }
}
