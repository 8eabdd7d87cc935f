package zos.networkd.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import zos.networkd.testlab.Zlab;

/**
 * Convergence of a user network on the lab grid: from {@code zos-user network create} over three
 * nodes until every workload pings every other one, median of several runs, and where the time
 * goes: waiting for the nodes' polls (posted at the registry until a node's provisioning has it),
 * applying on the node, the rest (result delivery, the tool's own waits, joining the workloads,
 * the first handshakes). The same runs with the nodes' long poll off (plain polling every few
 * seconds, as the original zos did) are the baseline, side by side.
 *
 * <p>Runs {@code lab/zlab up} under a lab name of its own (namespaces {@code zlab-<name>-…}) and
 * {@code down} at the end, also on failure.
 */
public final class ConvergenceBenchmark {
    private static final Duration LONG = Duration.ofMinutes(8);
    private static final Duration SHORT = Duration.ofMinutes(2);
    private static final Pattern NODE_ID = Pattern.compile("(?m)^Node id: *(\\S+)");
    private static final List<String> NODES = List.of("node1", "node2", "node3");

    private final Zlab lab;
    private final int runs;
    private final int interval;
    private final List<String> nodeIds = new ArrayList<>();
    private int networks;

    /** One run's figures, in milliseconds. */
    private record Run(long applied, long pinging, long pollWait, long apply, long delivery) {
        /** What is left of "applied": the tool's JVM start, its requests and its own polling for results. */
        long tool() {
            return applied - pollWait - apply - delivery;
        }
    }

    private ConvergenceBenchmark(Zlab lab, int runs, int interval) {
        this.lab = lab;
        this.runs = runs;
        this.interval = interval;
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int interval = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--interval" -> interval = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: bench/run convergence [--runs N] [--interval S]");
            }
        }
        Path repo = Path.of("").toAbsolutePath();
        String name = Zlab.randomName("bc");
        Zlab lab = new Zlab(repo, name, repo.resolve("bench/target/lab-" + name),
                repo.resolve("karaf-assembly/target/zos-networkd-karaf-0.1.0-SNAPSHOT.tar.gz"));
        System.out.printf("Convergence benchmark: %d runs per mode on a lab grid of 3 nodes (lab %s)%n", runs, name);
        try {
            System.out.println("bringing the lab grid up (lab/zlab up --nodes 3)…");
            lab.zlabOk(LONG, "up", "--nodes", "3");
            new ConvergenceBenchmark(lab, runs, interval).measure();
        } finally {
            Zlab.Result down = lab.zlab(SHORT, "down");
            if (down.exit() != 0) {
                System.err.println("lab/zlab down failed:\n" + down.output());
            }
        }
    }

    private void measure() throws Exception {
        for (String node : NODES) {
            Matcher m = NODE_ID.matcher(lab.exec(node, "zos:registry"));
            if (!m.find()) {
                throw new IllegalStateException(node + " has no node id");
            }
            nodeIds.add(m.group(1));
        }
        System.out.println("  warm-up runs (not counted): the nodes' JIT, the first leases of the lab");
        converge();
        converge();
        List<Run> longPoll = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            longPoll.add(converge());
        }
        polling(0, interval);
        List<Run> plain = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            plain.add(converge());
        }
        polling(30, 1);

        System.out.printf(Locale.ROOT, "%nnetwork create over 3 nodes until all 6 pings pass, median of %d runs%n", runs);
        System.out.printf(Locale.ROOT, "%-48s %12s %14s %8s%n", "", "long poll ms", "poll " + interval + " s ms", "ratio");
        row("create → every node applied (tool returns)", longPoll, plain, Run::applied);
        row("create → all pings pass (workloads joined)", longPoll, plain, Run::pinging);
        row("  of it: waiting for polls (2 rounds, slowest node)", longPoll, plain, Run::pollWait);
        row("  of it: applying on the nodes (2 rounds, slowest)", longPoll, plain, Run::apply);
        row("  of it: results to the registry (2 rounds, slowest)", longPoll, plain, Run::delivery);
        row("  of it: the user's tool (JVM, requests, its polls)", longPoll, plain, Run::tool);
        double share = (double) median(longPoll, Run::pollWait) / median(longPoll, Run::pinging);
        double sharePlain = (double) median(plain, Run::pollWait) / median(plain, Run::pinging);
        System.out.printf(Locale.ROOT, "%-48s %11.1f%% %13.1f%%%n", "share of convergence spent waiting on polls",
                100 * share, 100 * sharePlain);
    }

    private static void row(String what, List<Run> ours, List<Run> baseline, java.util.function.ToLongFunction<Run> f) {
        long a = median(ours, f);
        long b = median(baseline, f);
        System.out.printf(Locale.ROOT, "%-48s %12d %14d %7.2fx%n", what, a, b, b == 0 ? 0 : (double) a / b);
    }

    private static long median(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
        long[] values = runs.stream().mapToLong(f).sorted().toArray();
        return values[values.length / 2];
    }

    /** Every node's registry client: long poll wait (0: none) and the interval between empty polls. */
    private void polling(int waitSeconds, int intervalSeconds) throws Exception {
        for (String node : NODES) {
            lab.exec(node, "config:property-set -p zos.networkd.registry pollIntervalSeconds " + intervalSeconds);
            lab.exec(node, "config:property-set -p zos.networkd.registry pollWaitSeconds " + waitSeconds);
        }
        TimeUnit.SECONDS.sleep(5); // the clients restart with it and register again
    }

    /** One network from create to all pings, then deleted again. */
    private Run converge() throws Exception {
        int n = ++networks;
        String network = "conv" + n;
        long start = System.nanoTime();
        lab.zlabOk(LONG, "user", "network", "create", network, "--range", "10." + (100 + n) + ".0.0/16", "--nodes",
                String.join(",", nodeIds));
        long applied = System.nanoTime();
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String node : NODES) {
            String ns = lab.namespacePrefix() + "n" + node.substring(4) + "-c" + n;
            String netId = netIdOf(node, network);
            lab.run(SHORT, "ip", "netns", "add", ns);
            lab.run(SHORT, "ip", "-n", ns, "link", "set", "lo", "up");
            lab.exec(node, "zos:nr-join " + netId + " c" + n + " " + ns);
            String addr = lab.run(SHORT, "ip", "-n", ns, "-4", "-o", "addr", "show", "dev", "eth0").output();
            Matcher m = Pattern.compile("inet (\\S+)/").matcher(addr);
            if (!m.find()) {
                throw new IllegalStateException(node + ": workload " + ns + " got no address: " + addr);
            }
            addresses.put(ns, m.group(1));
        }
        for (String from : addresses.keySet()) {
            for (Map.Entry<String, String> to : addresses.entrySet()) {
                if (!from.equals(to.getKey())) {
                    awaitPing(from, to.getValue());
                }
            }
        }
        long pinging = System.nanoTime();
        long[] split = pollAndApply(network);
        Run run = new Run((applied - start) / 1_000_000, (pinging - start) / 1_000_000, split[0], split[1], split[2]);
        System.out.printf(Locale.ROOT, "  %s: applied %d ms, pinging %d ms, polls %d ms, apply %d ms, results %d ms%n",
                network, run.applied, run.pinging, run.pollWait, run.apply, run.delivery);
        lab.zlabOk(LONG, "user", "network", "delete", network);
        for (String ns : addresses.keySet()) {
            lab.run(SHORT, "ip", "netns", "del", ns);
        }
        return run;
    }

    private void awaitPing(String fromNamespace, String address) throws Exception {
        long deadline = System.nanoTime() + SHORT.toNanos();
        while (lab.run(SHORT, "ip", "netns", "exec", fromNamespace, "ping", "-n", "-c", "1", "-W", "1", address).exit() != 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(fromNamespace + " cannot reach " + address);
            }
        }
    }

    private String netIdOf(String node, String network) throws Exception {
        return Zlab.table(lab.exec(node, "zos:networks")).stream().filter(row -> network.equals(row.get("NAME")))
                .map(row -> row.get("NETWORK")).findFirst()
                .orElseThrow(() -> new IllegalStateException(node + " has no resource of " + network));
    }

    /**
     * Per round of the network's workloads (version 1, then the peers), the slowest node's wait
     * from posted (the registry's clock) to handed over (the node's), and its time applying; summed
     * over the rounds. One machine, one clock.
     */
    private long[] pollAndApply(String network) throws Exception {
        Map<Long, long[]> rounds = new LinkedHashMap<>(); // version -> {max poll wait, max apply, max delivery}
        for (int i = 0; i < NODES.size(); i++) {
            String json = lab.exec(NODES.get(i), "zos:workloads --json");
            for (JsonElement e : JsonParser.parseString(json.substring(json.indexOf('['))).getAsJsonArray()) {
                JsonObject entry = e.getAsJsonObject();
                if (!entry.get("operation").getAsString().equals("deploy")
                        || !netIdOf(NODES.get(i), network).equals(entry.get("network").getAsString())) {
                    continue;
                }
                Instant received = Instant.parse(entry.get("received").getAsString());
                Instant done = Instant.parse(entry.get("time").getAsString());
                JsonObject atRegistry = registryEntry(nodeIds.get(i), entry.get("cursor").getAsLong());
                Instant posted = Instant.parse(atRegistry.get("created").getAsString());
                Instant reported = Instant.parse(atRegistry.get("reported").getAsString());
                long[] round = rounds.computeIfAbsent(entry.get("version").getAsLong(), v -> new long[3]);
                round[0] = Math.max(round[0], Duration.between(posted, received).toMillis());
                round[1] = Math.max(round[1], Duration.between(received, done).toMillis());
                round[2] = Math.max(round[2], Duration.between(done, reported).toMillis());
            }
        }
        long[] sum = new long[3];
        rounds.values().forEach(r -> {
            for (int k = 0; k < sum.length; k++) {
                sum[k] += r[k];
            }
        });
        return sum;
    }

    /** The workload as the registry has it (created, reported): GET /reservations/workloads/{node}/{cursor}, from the lab's Internet. */
    private JsonObject registryEntry(String nodeId, long cursor) throws IOException, InterruptedException {
        Zlab.Result answer = lab.run(SHORT, "ip", "netns", "exec", lab.namespacePrefix() + "inet", "busybox", "wget", "-q",
                "-O", "-", "http://198.51.100.1:8080/grid/reservations/workloads/" + nodeId + "/" + cursor);
        if (answer.exit() != 0) {
            throw new IllegalStateException("workload " + cursor + " of " + nodeId + ": " + answer.output());
        }
        return JsonParser.parseString(answer.output()).getAsJsonObject();
    }
}
