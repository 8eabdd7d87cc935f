package zos.grid.registry.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import zos.grid.api.crypto.HttpSignatures;
import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SignableRequest;
import zos.grid.api.crypto.SignatureException;
import zos.grid.api.crypto.VerifiedSignature;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.Farm;
import zos.grid.api.model.FarmRegistration;
import zos.grid.api.model.Interface;
import zos.grid.api.model.Node;
import zos.grid.api.model.NodeRegistration;
import zos.grid.api.model.PublicConfig;
import zos.grid.api.model.UsedPorts;
import zos.grid.api.model.User;
import zos.grid.api.model.UserRegistration;
import zos.grid.api.model.ValidationException;
import zos.grid.api.model.Workload;
import zos.grid.api.model.WorkloadEntry;
import zos.grid.api.model.WorkloadPage;
import zos.grid.api.model.WorkloadResult;

/**
 * The registry's HTTP API (see {@code openapi.json}). Every write must be signed (RFC 9421,
 * ed25519) by whoever may make it: a node writes only its own records, a farmer only the public
 * configuration of its farm's nodes, a user only its own workloads. Requests are checked in this
 * order, each before anything changes: body size (413), signature and replay (401), body (400,
 * naming the field), permission (403), existence (404).
 */
final class RegistryServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryServlet.class);
    private static final String JSON = "application/json";
    private static final String ACCEPT_SIGNATURE = "sig1=(\"@method\" \"@path\" \"@query\" \"content-digest\");alg=\"ed25519\"";
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final transient RegistryStore store;
    private final transient WorkloadWaiters waiters;
    private final transient ReplayGuard replays;
    private final transient RegistrySettings settings;
    private final transient Clock clock;
    private final byte[] openApi;

    RegistryServlet(RegistryStore store, WorkloadWaiters waiters, ReplayGuard replays, RegistrySettings settings, Clock clock) {
        this.store = store;
        this.waiters = waiters;
        this.replays = replays;
        this.settings = settings;
        this.clock = clock;
        this.openApi = openApiDocument();
    }

    static byte[] openApiDocument() {
        try (InputStream in = RegistryServlet.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read openapi.json", e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            route(request, response);
        } catch (MethodNotAllowed e) {
            response.setHeader("Allow", String.join(", ", e.allowed));
            error(response, 405, "method " + request.getMethod() + " is not allowed here (allowed: "
                    + String.join(", ", e.allowed) + ")", null);
        } catch (RegistryException e) {
            if (e.status() >= 500) {
                LOG.warn("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            }
            error(response, e.status(), e.getMessage(), e.field());
        } catch (ValidationException e) {
            error(response, 400, e.getMessage(), e.field());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            error(response, 500, "internal error: " + e.getClass().getSimpleName(), null);
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request.getPathInfo());
        String method = request.getMethod();
        String first = path.isEmpty() ? "" : path.get(0);
        switch (first) {
            case "", "openapi.json" -> {
                if (path.size() > 1) {
                    throw RegistryException.notFound("no such resource: " + request.getRequestURI());
                }
                allow(method, "GET");
                response.setStatus(200);
                response.setContentType(JSON);
                response.getOutputStream().write(openApi);
            }
            case "farms" -> farms(request, response, path, method);
            case "nodes" -> nodes(request, response, path, method);
            case "users" -> users(request, response, path, method);
            case "reservations" -> reservations(request, response, path, method);
            default -> throw RegistryException.notFound("no such resource: " + request.getRequestURI());
        }
    }

    // ---- farms ----

    private void farms(HttpServletRequest request, HttpServletResponse response, List<String> path, String method) throws IOException {
        if (path.size() == 1) {
            allow(method, "GET", "POST");
            if (method.equals("GET")) {
                JsonArray farms = new JsonArray();
                store.farms().forEach(farm -> farms.add(GridJson.toJson(farm)));
                json(response, 200, farms);
                return;
            }
            byte[] body = body(request);
            VerifiedSignature signature = authenticate(request, body);
            FarmRegistration registration = GridJson.farmRegistration(GridJson.parse(body));
            RegistryStore.Stored<Farm> farm = store.registerFarm(signature.signer(), registration.name());
            json(response, farm.created() ? 201 : 200, GridJson.toJson(farm.value()));
            return;
        }
        if (path.size() == 2) {
            allow(method, "GET");
            long id = farmId(path.get(1));
            Farm farm = store.farm(id).orElseThrow(() -> RegistryException.notFound("no farm " + id));
            json(response, 200, GridJson.toJson(farm));
            return;
        }
        throw RegistryException.notFound("no such resource: " + request.getRequestURI());
    }

    // ---- nodes ----

    private void nodes(HttpServletRequest request, HttpServletResponse response, List<String> path, String method) throws IOException {
        if (path.size() == 1) {
            allow(method, "GET", "POST");
            if (method.equals("GET")) {
                String farm = request.getParameter("farm");
                JsonArray nodes = new JsonArray();
                store.nodes(farm == null ? null : farmId(farm)).forEach(node -> nodes.add(GridJson.toJson(node)));
                json(response, 200, nodes);
                return;
            }
            byte[] body = body(request);
            VerifiedSignature signature = authenticate(request, body);
            NodeRegistration registration = GridJson.nodeRegistration(GridJson.parse(body));
            requireSigner(signature, registration.id(), "node " + registration.id());
            RegistryStore.Stored<Node> node = store.registerNode(registration, clock.instant());
            json(response, node.created() ? 201 : 200, GridJson.toJson(node.value()));
            return;
        }
        KeyId node = keyId(path.get(1), "node");
        if (path.size() == 2) {
            allow(method, "GET");
            touchIfSignedBy(request, node);
            json(response, 200, GridJson.toJson(requireNode(node)));
            return;
        }
        if (path.size() == 3) {
            switch (path.get(2)) {
                case "interfaces" -> {
                    allow(method, "GET", "POST");
                    if (method.equals("GET")) {
                        json(response, 200, GridJson.toJson(requireNode(node).interfaces()));
                        return;
                    }
                    byte[] body = body(request);
                    requireSigner(authenticate(request, body), node, "node " + node);
                    List<Interface> interfaces = GridJson.interfaces(GridJson.parse(body));
                    json(response, 200, GridJson.toJson(store.replaceInterfaces(node, interfaces, clock.instant()).interfaces()));
                    return;
                }
                case "used_ports" -> {
                    allow(method, "GET", "PUT");
                    if (method.equals("GET")) {
                        json(response, 200, GridJson.toJson(requireNode(node).usedPorts()));
                        return;
                    }
                    byte[] body = body(request);
                    requireSigner(authenticate(request, body), node, "node " + node);
                    UsedPorts ports = GridJson.usedPorts(GridJson.parse(body));
                    json(response, 200, GridJson.toJson(store.replaceUsedPorts(node, ports, clock.instant()).usedPorts()));
                    return;
                }
                case "public_config" -> {
                    allow(method, "GET", "PUT");
                    if (method.equals("GET")) {
                        PublicConfig config = requireNode(node).publicConfig();
                        if (config == null) {
                            throw RegistryException.notFound("node " + node + " has no public configuration");
                        }
                        json(response, 200, GridJson.toJson(config));
                        return;
                    }
                    byte[] body = body(request);
                    VerifiedSignature signature = authenticate(request, body);
                    PublicConfig config = GridJson.publicConfig(GridJson.parse(body));
                    PublicConfig stored = store.setPublicConfig(node, config, signature.signer(), farm -> {
                        if (!farm.farmer().equals(signature.signer())) {
                            throw RegistryException.forbidden("only the farmer of farm " + farm.id() + " (" + farm.farmer()
                                    + ") may set the public configuration of its nodes; signed by " + signature.signer());
                        }
                    }, clock.instant());
                    json(response, 200, GridJson.toJson(stored));
                    return;
                }
                default -> {
                }
            }
        }
        throw RegistryException.notFound("no such resource: " + request.getRequestURI());
    }

    // ---- users ----

    private void users(HttpServletRequest request, HttpServletResponse response, List<String> path, String method) throws IOException {
        if (path.size() == 1) {
            allow(method, "GET", "POST");
            if (method.equals("GET")) {
                JsonArray users = new JsonArray();
                store.users().forEach(user -> users.add(GridJson.toJson(user)));
                json(response, 200, users);
                return;
            }
            byte[] body = body(request);
            VerifiedSignature signature = authenticate(request, body);
            UserRegistration registration = GridJson.userRegistration(GridJson.parse(body));
            RegistryStore.Stored<User> user = store.registerUser(signature.signer(), registration.name(), clock.instant());
            json(response, user.created() ? 201 : 200, GridJson.toJson(user.value()));
            return;
        }
        if (path.size() == 2) {
            allow(method, "GET");
            KeyId id = keyId(path.get(1), "user");
            User user = store.user(id).orElseThrow(() -> RegistryException.notFound("no user " + id));
            json(response, 200, GridJson.toJson(user));
            return;
        }
        throw RegistryException.notFound("no such resource: " + request.getRequestURI());
    }

    // ---- workloads ----

    private void reservations(HttpServletRequest request, HttpServletResponse response, List<String> path, String method)
            throws IOException {
        if (path.size() < 2 || !path.get(1).equals("workloads") || path.size() > 5) {
            throw RegistryException.notFound("no such resource: " + request.getRequestURI());
        }
        if (path.size() == 2) {
            allow(method, "POST");
            byte[] body = body(request);
            VerifiedSignature signature = authenticate(request, body);
            Workload workload = GridJson.workload(GridJson.parse(body));
            requireSigner(signature, workload.user(), "user " + workload.user());
            if (!GridJson.isSignedByItsUser(workload)) {
                throw RegistryException.badRequest("signature", "not the user's signature of this workload");
            }
            WorkloadEntry entry = store.addWorkload(workload, clock.instant());
            waiters.wake(workload.node());
            json(response, 201, GridJson.toJson(entry));
            return;
        }
        KeyId node = keyId(path.get(2), "node");
        if (path.size() == 3) {
            allow(method, "GET");
            poll(request, response, node);
            return;
        }
        long cursor = number(path.get(3), "cursor");
        if (path.size() == 4) {
            allow(method, "GET");
            WorkloadEntry entry = store.workload(node, cursor)
                    .orElseThrow(() -> RegistryException.notFound("no workload " + cursor + " for node " + node));
            json(response, 200, GridJson.toJson(entry));
            return;
        }
        if (!path.get(4).equals("result")) {
            throw RegistryException.notFound("no such resource: " + request.getRequestURI());
        }
        allow(method, "PUT");
        byte[] body = body(request);
        requireSigner(authenticate(request, body), node, "node " + node);
        WorkloadResult result = GridJson.workloadResult(GridJson.parse(body));
        json(response, 200, GridJson.toJson(store.setResult(node, cursor, result, clock.instant())));
    }

    /**
     * {@code GET /reservations/workloads/{node}?from=N&wait=S&limit=L}: the node's workloads after
     * cursor N; with {@code wait}, an empty answer is held up to S seconds and sent as soon as a
     * workload for the node arrives.
     */
    private void poll(HttpServletRequest request, HttpServletResponse response, KeyId node) throws IOException {
        long from = optionalNumber(request, "from", 0, Long.MAX_VALUE, 0);
        long waitSeconds = optionalNumber(request, "wait", 0, settings.maxWait().toSeconds(), 0);
        int limit = (int) optionalNumber(request, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        long latest = store.latestCursor(node);
        if (latest < 0) {
            throw RegistryException.notFound("no node " + node + " is registered");
        }
        touchIfSignedBy(request, node);
        if (latest > from || waitSeconds == 0) {
            json(response, 200, GridJson.toJson(store.workloads(node, from, limit)));
            return;
        }
        AsyncContext async = request.startAsync();
        // our own timer answers first; the container's is a safety net
        async.setTimeout((waitSeconds + 30) * 1000);
        WorkloadWaiters.Waiter waiter = waiters.await(node, waitSeconds * 1000, () -> answerPoll(async, node, from, limit));
        // a workload stored between the check above and the registration would not wake us: look again
        if (store.latestCursor(node) > from) {
            waiter.fire();
        }
    }

    private void answerPoll(AsyncContext async, KeyId node, long from, int limit) {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            WorkloadPage page = store.workloads(node, from, limit);
            json(response, 200, GridJson.toJson(page));
        } catch (RuntimeException | IOException e) {
            LOG.warn("answering the workload poll of {} failed", node, e);
            try {
                error(response, 500, "internal error: " + e.getClass().getSimpleName(), null);
            } catch (IOException | IllegalStateException ignored) {
                // the client is gone
            }
        } finally {
            try {
                async.complete();
            } catch (IllegalStateException alreadyCompleted) {
                // timed out by the container meanwhile
            }
        }
    }

    // ---- checks ----

    private VerifiedSignature authenticate(HttpServletRequest request, byte[] body) {
        Instant now = clock.instant();
        VerifiedSignature signature;
        try {
            signature = HttpSignatures.verify(new ServletSignableRequest(request), body, now, settings.signatureMaxAge(),
                    settings.signatureMaxFuture());
        } catch (SignatureException e) {
            throw RegistryException.unauthorized(e.getMessage());
        }
        if (!replays.firstUse(signature.signature(), signature.created(), now)) {
            throw RegistryException.unauthorized("replayed request: this signature was already used");
        }
        return signature;
    }

    /** A node's signed read (e.g. its poll) tells the registry it is alive; an unsigned or foreign one changes nothing. */
    private void touchIfSignedBy(HttpServletRequest request, KeyId node) {
        if (request.getHeader(HttpSignatures.SIGNATURE) == null) {
            return;
        }
        Instant now = clock.instant();
        try {
            VerifiedSignature signature = HttpSignatures.verify(new ServletSignableRequest(request), new byte[0], now,
                    settings.signatureMaxAge(), settings.signatureMaxFuture());
            if (signature.signer().equals(node)) {
                store.touch(node, now);
            }
        } catch (SignatureException ignored) {
            // a read needs no signature; a bad one only does not count as a sign of life
        }
    }

    private static void requireSigner(VerifiedSignature signature, KeyId expected, String who) {
        if (!signature.signer().equals(expected)) {
            throw RegistryException.forbidden("only " + who + " may make this change; the request is signed by " + signature.signer());
        }
    }

    private Node requireNode(KeyId node) {
        return store.node(node).orElseThrow(() -> RegistryException.notFound("no node " + node + " is registered"));
    }

    private byte[] body(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        int max = settings.maxBodyBytes();
        if (declared > max) {
            throw RegistryException.tooLarge("body of " + declared + " bytes is larger than the limit of " + max);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                if (out.size() > max) {
                    throw RegistryException.tooLarge("body is larger than the limit of " + max + " bytes");
                }
            }
        }
        return out.toByteArray();
    }

    private static void allow(String method, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return;
            }
        }
        throw new MethodNotAllowed(allowed);
    }

    /** 405, with the methods that are allowed. */
    private static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String[] allowed;

        MethodNotAllowed(String[] allowed) {
            super(null, null, false, false);
            this.allowed = allowed;
        }
    }

    private static KeyId keyId(String text, String what) {
        try {
            return KeyId.parse(text);
        } catch (IllegalArgumentException e) {
            throw RegistryException.badRequest("path." + what, e.getMessage());
        }
    }

    private static long farmId(String text) {
        return number(text, "farm");
    }

    private static long number(String text, String field) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw RegistryException.badRequest(field, "must be a whole number, not '" + text + "'");
    }

    private static long optionalNumber(HttpServletRequest request, String name, long min, long max, long otherwise) {
        String text = request.getParameter(name);
        if (text == null || text.isEmpty()) {
            return otherwise;
        }
        long value = number(text, name);
        if (value < min || value > max) {
            throw RegistryException.badRequest(name, "must be " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    private static List<String> segments(String pathInfo) {
        List<String> segments = new ArrayList<>();
        if (pathInfo != null) {
            for (String segment : pathInfo.split("/")) {
                if (!segment.isEmpty()) {
                    segments.add(segment);
                }
            }
        }
        return segments;
    }

    private static void json(HttpServletResponse response, int status, JsonElement body) throws IOException {
        byte[] bytes = GridJson.toBytes(body);
        response.setStatus(status);
        response.setContentType(JSON);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static void error(HttpServletResponse response, int status, String message, String field) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        String allow = response.getHeader("Allow");
        response.reset();
        if (allow != null) {
            response.setHeader("Allow", allow);
        }
        JsonObject body = new JsonObject();
        body.addProperty("error", message);
        if (field != null) {
            body.addProperty("field", field);
        }
        if (status == 401) {
            response.setHeader("Accept-Signature", ACCEPT_SIGNATURE);
        }
        if (status == 413) {
            response.setHeader("Connection", "close");
        }
        json(response, status, body);
    }

    /** The servlet request as RFC 9421 sees it: raw path and query as sent, header lines combined. */
    private record ServletSignableRequest(HttpServletRequest request) implements SignableRequest {
        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String path() {
            return request.getRequestURI();
        }

        @Override
        public String query() {
            return request.getQueryString();
        }

        @Override
        public String authority() {
            String host = request.getHeader("Host");
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        }

        @Override
        public String header(String name) {
            List<String> values = Collections.list(request.getHeaders(name));
            return values.isEmpty() ? null : String.join(", ", values);
        }
    }

    static Set<String> routes() {
        return Set.of("/", "/openapi.json", "/farms", "/farms/{id}", "/nodes", "/nodes/{id}", "/nodes/{id}/interfaces",
                "/nodes/{id}/used_ports", "/nodes/{id}/public_config", "/users", "/users/{id}", "/reservations/workloads",
                "/reservations/workloads/{node}", "/reservations/workloads/{node}/{cursor}",
                "/reservations/workloads/{node}/{cursor}/result");
    }
}
