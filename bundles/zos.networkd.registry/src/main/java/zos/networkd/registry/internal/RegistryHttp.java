package zos.networkd.registry.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import zos.grid.api.json.GridJson;
import zos.networkd.api.identity.NodeIdentity;

/**
 * Requests to the registry, each signed with the node's key (RFC 9421, through the identity
 * service: the key never leaves it). A refusal (4xx) and an absence (network error, 5xx) are told
 * apart: the first is an answer, the second a reason to back off and try again.
 */
final class RegistryHttp {
    /** The registry did not answer usefully: unreachable, or a server error. Try again later. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** The registry answered with a refusal (4xx): trying the same again will not help. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final URI base;
    private final NodeIdentity identity;
    private final HttpClient client;

    RegistryHttp(URI base, NodeIdentity identity) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.identity = identity;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI base() {
        return base;
    }

    URI resolve(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    JsonElement get(String path, Duration timeout) throws Unavailable, Refused, InterruptedException {
        return send("GET", path, null, timeout);
    }

    JsonElement send(String method, String path, JsonElement body, Duration timeout)
            throws Unavailable, Refused, InterruptedException {
        URI target = resolve(path);
        byte[] bytes = body == null ? new byte[0] : GridJson.toBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        // reads are signed too: the registry then knows the node was alive (last seen)
        for (Map.Entry<String, String> header : identity.signRequest(method, target, bytes).entrySet()) {
            request.header(header.getKey(), header.getValue());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unavailable(method + " " + target + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body().isEmpty() ? new JsonObject() : GridJson.parse(response.body());
        }
        String reason = reasonOf(response.body());
        if (status >= 500) {
            throw new Unavailable(method + " " + target + ": " + status + " " + reason);
        }
        throw new Refused(status, method + " " + target + ": " + status + " " + reason);
    }

    /** The registry's {@code {"error": …, "field": …}}, or the body as it is. */
    private static String reasonOf(String body) {
        try {
            JsonObject error = GridJson.parse(body).getAsJsonObject();
            String text = error.has("error") ? error.get("error").getAsString() : body;
            return error.has("field") && !error.get("field").isJsonNull() ? error.get("field").getAsString() + ": " + text
                    : text;
        } catch (RuntimeException notJson) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
