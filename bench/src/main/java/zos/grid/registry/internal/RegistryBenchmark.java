package zos.grid.registry.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import javax.sql.DataSource;

import zos.grid.api.crypto.AgreementKeyPair;
import zos.grid.api.crypto.HttpSignatures;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.AgreementKey;
import zos.grid.api.model.FarmRegistration;
import zos.grid.api.model.Interface;
import zos.grid.api.model.NodeRegistration;
import zos.grid.api.model.UserRegistration;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.MacAddress;
import zos.networkd.testlab.ForkNamespace;

/**
 * N simulated nodes (a key pair each, signed HTTP requests from one shared client) against the
 * registry server (the servlet in Jetty 9.4, as under Pax Web) on H2 and on PostgreSQL, side by
 * side: registering, publishing two NICs, polling, and long polls woken by a new workload each.
 * Per phase: requests per second, p50/p99 latency, errors; the last column is PostgreSQL / H2.
 * Runs inside a zlab- namespace (bench/run puts it there); PostgreSQL is a throwaway server in it.
 */
public final class RegistryBenchmark {
    private static final String[] PHASES = {"register node", "publish NICs", "poll (no wait)", "workload post",
        "long poll wake-up", "wake-up after 201"};

    private final int nodes;
    private final int concurrency;
    private final HttpClient http;

    private RegistryBenchmark(int nodes, int concurrency) {
        this.nodes = nodes;
        this.concurrency = concurrency;
        ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "bench-http");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** One phase's outcome. */
    record Figures(int requests, int errors, double seconds, long[] latenciesMicros) {
        double perSecond() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesMicros.length == 0) {
                return Double.NaN;
            }
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        int nodes = 1000;
        int concurrency = 64;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: registry [--nodes N] [--concurrency C])");
            }
        }
        if (nodes < 1 || nodes > 20_000 || concurrency < 1 || concurrency > 1000) {
            throw new IllegalArgumentException("--nodes must be 1..20000, --concurrency 1..1000");
        }
        System.out.println("network namespace: " + ForkNamespace.requireLabNamespace());
        new RegistryBenchmark(nodes, concurrency).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Map<String, Map<String, Figures>> results = new LinkedHashMap<>();
        System.out.printf("%d simulated nodes, %d requests in flight for writes; long polls all %d at once%n", nodes, concurrency, nodes);
        try (H2Database h2 = new H2Database()) {
            results.put("H2", measure("H2 (file, HikariCP 16)", h2.freshDatabase()));
        }
        // synchronous_commit off: a commit is durable within a fraction of a second, as H2's file store is
        try (PostgresDatabase postgres = new PostgresDatabase("synchronous_commit=off")) {
            results.put("PostgreSQL", measure("PostgreSQL 15 (synchronous_commit=off, HikariCP 16)", postgres.freshDatabase()));
        }
        print(results);
    }

    private Map<String, Figures> measure(String label, DataSource dataSource) throws Exception {
        System.out.println("== " + label);
        Map<String, Figures> figures = new LinkedHashMap<>();
        RegistrySettings settings = RegistrySettings.defaults();
        try (RunningRegistry server = new RunningRegistry(dataSource, settings, Clock.systemUTC())) {
            URI base = server.base();
            SigningKey farmer = SigningKey.generate();
            SigningKey user = SigningKey.generate();
            expect(send(base, "POST", "/farms", farmer, GridJson.toBytes(GridJson.toJson(new FarmRegistration("bench farm")))), 201);
            expect(send(base, "POST", "/users", user, GridJson.toBytes(GridJson.toJson(new UserRegistration("bench user")))), 201);
            long farmId = 1;
            // a full unmeasured pass first, on other nodes: the JIT compiles every path (server, client,
            // database driver) before anything is timed, so neither database pays for it
            for (boolean measured : new boolean[] {false, true}) {
                System.out.println(measured ? "  measured pass:" : "  warm-up pass ...");
                List<SigningKey> keys = new ArrayList<>();
                for (int i = 0; i < nodes; i++) {
                    keys.add(SigningKey.generate());
                }
                Map<String, Figures> pass = new LinkedHashMap<>();
                pass.put(PHASES[0], phase(i -> request(base, "POST", "/nodes", keys.get(i), registration(keys.get(i), farmId)), nodes));
                pass.put(PHASES[1], phase(i -> request(base, "POST", "/nodes/" + keys.get(i).id() + "/interfaces",
                        keys.get(i), nics(i)), nodes));
                pass.put(PHASES[2], phase(i -> request(base, "GET", "/reservations/workloads/" + keys.get(i).id()
                        + "?from=0", null, null), nodes));
                Figures[] wake = longPolls(base, server, user, keys);
                pass.put(PHASES[3], wake[0]);
                pass.put(PHASES[4], wake[1]);
                pass.put(PHASES[5], wake[2]);
                if (measured) {
                    pass.forEach((phase, f) -> figures.put(phase, report(phase, f)));
                }
            }
        }
        return figures;
    }

    /**
     * Every node long-polls at once; when all wait, the user posts one workload per node. The
     * wake-up latency of a node is from the moment its workload's POST was sent to its poll's answer.
     */
    private Figures[] longPolls(URI base, RunningRegistry server, SigningKey user, List<SigningKey> keys) throws Exception {
        long[] posted = new long[nodes];
        long[] woken = new long[nodes];
        AtomicInteger pollErrors = new AtomicInteger();
        List<CompletableFuture<Void>> polls = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            int n = i;
            HttpRequest poll = request(base, "GET", "/reservations/workloads/" + keys.get(i).id() + "?from=0&wait=60", null, null);
            polls.add(http.sendAsync(poll, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
                woken[n] = System.nanoTime();
                if (failure != null || response.statusCode() != 200 || !response.body().contains("\"cursor\":1")) {
                    pollErrors.incrementAndGet();
                }
                return null;
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.registry().waitingPolls() < nodes) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + server.registry().waitingPolls() + " of " + nodes + " polls waiting after 60 s");
            }
            Thread.sleep(10);
        }
        Figures posts = phase(i -> {
            posted[i] = System.nanoTime();
            return request(base, "POST", "/reservations/workloads", user,
                    GridJson.toBytes(GridJson.toJson(RegistryFixtures.workload(user, keys.get(i), "bench" + (i % 100000)))));
        }, nodes);
        CompletableFuture.allOf(polls.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
        long[] latencies = new long[nodes];
        long[] afterCreated = new long[nodes];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < nodes; i++) {
            latencies[i] = (woken[i] - posted[i]) / 1000;
            // the poll's answer after the client got its workload's 201 (0 when it came first)
            afterCreated[i] = Math.max(0, latencies[i] - posts.latenciesMicros()[i]);
            first = Math.min(first, posted[i]);
            last = Math.max(last, woken[i]);
        }
        double seconds = (last - first) / 1e9;
        return new Figures[] {posts, new Figures(nodes, pollErrors.get(), seconds, latencies),
            new Figures(nodes, pollErrors.get(), seconds, afterCreated)};
    }

    /** Sends {@code count} requests, at most {@code concurrency} in flight; times each. */
    private Figures phase(IntFunction<HttpRequest> requests, int count) throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        long[] latencies = new long[count];
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            int n = i;
            HttpRequest request = requests.apply(i);
            long sent = System.nanoTime();
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
                latencies[n] = (System.nanoTime() - sent) / 1000;
                if (failure != null || response.statusCode() >= 300) {
                    if (errors.incrementAndGet() <= 3) {
                        System.out.println("  error: " + (failure != null ? failure : response.statusCode() + " " + response.body()));
                    }
                }
                inFlight.release();
                return null;
            }));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(300, TimeUnit.SECONDS);
        return new Figures(count, errors.get(), (System.nanoTime() - start) / 1e9, latencies);
    }

    private static Figures report(String phase, Figures figures) {
        System.out.printf("  %-18s %7.0f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n", phase, figures.perSecond(),
                figures.percentileMillis(50), figures.percentileMillis(99), figures.errors());
        return figures;
    }

    private static void print(Map<String, Map<String, Figures>> results) {
        Map<String, Figures> h2 = results.get("H2");
        Map<String, Figures> pg = results.get("PostgreSQL");
        System.out.println();
        System.out.printf("%-18s | %-36s | %-36s | %s%n", "phase", "H2", "PostgreSQL", "PG/H2 req/s");
        System.out.println("-".repeat(18) + "-+-" + "-".repeat(36) + "-+-" + "-".repeat(36) + "-+------------");
        for (String phase : PHASES) {
            System.out.printf("%-18s | %-36s | %-36s | %.2f%n", phase, cell(h2.get(phase)), cell(pg.get(phase)),
                    pg.get(phase).perSecond() / h2.get(phase).perSecond());
        }
        System.out.println("(req/s over the phase's wall time; p50/p99 per request; long poll wake-up: from the workload's "
                + "POST being sent to the node's poll answer; wake-up after 201: from the client receiving the POST's 201)");
    }

    private static String cell(Figures f) {
        return String.format("%6.0f/s p50 %6.2f p99 %7.2f ms e%d", f.perSecond(), f.percentileMillis(50), f.percentileMillis(99),
                f.errors());
    }

    private HttpRequest request(URI base, String method, String path, SigningKey signer, Object body) {
        byte[] bytes = body == null ? new byte[0] : (byte[]) body;
        URI target = URI.create(base + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (signer != null) {
            HttpSignatures.sign(signer, method, target, bytes, Instant.now()).forEach(builder::header);
        }
        return builder.build();
    }

    private HttpResponse<String> send(URI base, String method, String path, SigningKey signer, byte[] body) throws Exception {
        return http.send(request(base, method, path, signer, body), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + ": " + response.body());
        }
    }

    private static byte[] registration(SigningKey node, long farmId) {
        return GridJson.toBytes(GridJson.toJson(new NodeRegistration(node.id(), farmId, "bench-node", "0.1.0",
                AgreementKey.signedBy(node, AgreementKeyPair.generate().publicKey()))));
    }

    private static byte[] nics(int i) {
        String mac = String.format("02:5a:%02x:%02x:00:00", (i >> 8) & 0xff, i & 0xff);
        String mac1 = String.format("02:5a:%02x:%02x:00:01", (i >> 8) & 0xff, i & 0xff);
        return GridJson.toBytes(GridJson.toJson(List.of(
                new Interface("eth0", MacAddress.parse(mac), List.of(Cidr.parse("198.51.100." + (i % 250 + 2) + "/24"),
                        Cidr.parse("2001:db8:100::" + Integer.toHexString(i + 2) + "/64")), List.of(IpAddresses.parse("198.51.100.1"))),
                new Interface("eth1", MacAddress.parse(mac1), List.of(), List.of()))));
    }
}
