package zos.grid.registry.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.google.gson.JsonElement;

import zos.grid.api.crypto.HttpSignatures;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;

/** A plain HTTP client of the registry that signs like a node, farmer or user would (or forges). */
final class GridTestClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    GridTestClient(URI base) {
        this.base = base;
    }

    record Reply(int status, String body, Map<String, String> headers) {
        JsonElement json() {
            return GridJson.parse(body);
        }

        String error() {
            return json().getAsJsonObject().get("error").getAsString();
        }

        String field() {
            var field = json().getAsJsonObject().get("field");
            return field == null ? null : field.getAsString();
        }
    }

    Reply get(String path) {
        return send(null, "GET", path, null, Instant.now(), UnaryOperator.identity());
    }

    Reply signed(SigningKey signer, String method, String path, JsonElement body) {
        return send(signer, method, path, body == null ? null : GridJson.toBytes(body), Instant.now(), UnaryOperator.identity());
    }

    /**
     * Sends {@code body}, signed by {@code signer} (none when null) as created at {@code created};
     * {@code tamper} may change the signature headers before sending.
     */
    Reply send(SigningKey signer, String method, String path, byte[] body, Instant created,
            UnaryOperator<Map<String, String>> tamper) {
        URI target = URI.create(base + path);
        byte[] bytes = body == null ? new byte[0] : body;
        Map<String, String> headers = new LinkedHashMap<>();
        if (signer != null) {
            headers.putAll(HttpSignatures.sign(signer, method, target, bytes, created));
        }
        headers = tamper.apply(headers);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Sends exactly this request (a replay sends one it sent before). */
    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(", ", values)));
            return new Reply(response.statusCode(), response.body(), headers);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A signed request, built but not sent, to send (twice) with {@link #send(HttpRequest)}. */
    HttpRequest build(SigningKey signer, String method, String path, JsonElement body) {
        URI target = URI.create(base + path);
        byte[] bytes = body == null ? new byte[0] : GridJson.toBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Content-Type", "application/json");
        HttpSignatures.sign(signer, method, target, bytes, Instant.now()).forEach(request::header);
        return request.build();
    }
}
