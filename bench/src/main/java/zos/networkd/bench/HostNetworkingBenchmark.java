package zos.networkd.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import zos.networkd.api.host.AddressSpec;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.LinkSpec;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.HostSnapshot;

/**
 * The same host-networking work through our netlink layer and through {@code ip} commands (one
 * process per operation, as a shell script does it), side by side, plus {@code ip -batch} (one
 * process for all) for reference: create a namespace, N bridges, N veth pairs, N addresses, list
 * links and addresses, delete the namespace. Prints per phase the median time of R rounds, the
 * operations per second and the ratio.
 */
public final class HostNetworkingBenchmark {
    private static final String[] PHASES = {"create namespace", "create bridges", "create veth pairs",
        "add addresses", "list links+addresses", "delete namespace"};
    private static final int LISTINGS = 20;

    private final int count;
    private final String prefix;
    private final String witness;
    private NetworkNamespace witnessNamespace;

    private HostNetworkingBenchmark(int count) {
        this.count = count;
        this.prefix = "zlab-bench-" + String.format("%04x", new SecureRandom().nextInt(0x10000));
        this.witness = prefix + "-witness";
    }

    public static void main(String[] args) throws Exception {
        int count = 200;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: host-networking [--count N] [--rounds R])");
            }
        }
        if (count < 1 || count > 60000) {
            throw new IllegalArgumentException("--count must be 1..60000");
        }
        new HostNetworkingBenchmark(count).run(rounds);
    }

    private int[] opsPerPhase() {
        return new int[] {1, count, count, count, LISTINGS * 2, 1};
    }

    private void run(int rounds) throws Exception {
        HostSnapshot before = HostSnapshot.take().ignoringOtherLabs(prefix);
        NetlinkHostNetworking host = NetlinkHostNetworking.standalone(false);
        Map<String, List<long[]>> results = new LinkedHashMap<>();
        results.put("netlink", new ArrayList<>());
        results.put("ip", new ArrayList<>());
        results.put("ip -batch", new ArrayList<>());
        try {
            exec("ip", "netns", "add", witness);
            witnessNamespace = host.namespace(witness);
            // one unmeasured round: the JIT compiles our code path, ip's pages get cached
            System.out.println("warm-up round ...");
            ours(host, prefix + "-warm");
            ipCommands(prefix + "-warmip");
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("round %d/%d ...%n", round, rounds);
                results.get("netlink").add(ours(host, prefix + "-nl" + round));
                results.get("ip").add(ipCommands(prefix + "-ip" + round));
                results.get("ip -batch").add(ipBatch(prefix + "-b" + round));
            }
        } finally {
            host.deactivate();
            removeLeftovers();
        }
        print(rounds, results);
        List<String> diff = HostSnapshot.take().ignoringOtherLabs(prefix).diff(before);
        System.out.println(diff.isEmpty() ? "initial network namespace unchanged: yes"
                : "initial network namespace CHANGED: " + diff);
    }

    private static long[] median(List<long[]> runs) {
        long[] out = new long[PHASES.length];
        for (int p = 0; p < PHASES.length; p++) {
            long[] values = new long[runs.size()];
            for (int r = 0; r < runs.size(); r++) {
                values[r] = runs.get(r)[p];
            }
            Arrays.sort(values);
            out[p] = values[values.length / 2];
        }
        return out;
    }

    private void print(int rounds, Map<String, List<long[]>> results) {
        long[] ours = median(results.get("netlink"));
        long[] ip = median(results.get("ip"));
        long[] batch = median(results.get("ip -batch"));
        int[] ops = opsPerPhase();
        System.out.printf("%nhost networking in a fresh namespace: %d bridges, %d veth pairs, %d IPv4 addresses, "
                + "%d listings of links and addresses, namespace deleted; median of %d rounds%n", count, count, count,
                LISTINGS, rounds);
        System.out.printf("%-22s %6s | %10s %10s | %10s %10s %8s | %12s %8s%n", "phase", "ops", "netlink ms", "ops/s",
                "ip ms", "ops/s", "ratio", "ip -batch ms", "ratio");
        long oursTotal = 0;
        long ipTotal = 0;
        long batchTotal = 0;
        int opsTotal = 0;
        for (int p = 0; p < PHASES.length; p++) {
            row(PHASES[p], ops[p], ours[p], ip[p], batch[p]);
            oursTotal += ours[p];
            ipTotal += ip[p];
            batchTotal += batch[p];
            opsTotal += ops[p];
        }
        row("total", opsTotal, oursTotal, ipTotal, batchTotal);
        System.out.printf("%nratio = time with ip / time with netlink (higher is better for netlink); "
                + "'delete namespace' lasts until the kernel has torn the namespace down%n");
    }

    private static void row(String phase, int ops, long oursNanos, long ipNanos, long batchNanos) {
        System.out.printf("%-22s %6d | %10.1f %10.0f | %10.1f %10.0f %7.1fx | %12.1f %7.1fx%n", phase, ops,
                oursNanos / 1e6, ops / (oursNanos / 1e9), ipNanos / 1e6, ops / (ipNanos / 1e9),
                (double) ipNanos / oursNanos, batchNanos / 1e6, (double) batchNanos / oursNanos);
    }

    private static String address(int i) {
        return "10." + (i / 250) + "." + (i % 250) + ".1/24";
    }

    // ---- through our netlink layer ----

    private long[] ours(NetlinkHostNetworking host, String name) throws Exception {
        long[] t = new long[PHASES.length];
        long start = System.nanoTime();
        NetworkNamespace ns = host.createNamespace(name);
        t[0] = System.nanoTime() - start;

        start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            ns.createLink(LinkSpec.bridge("br" + i));
        }
        t[1] = System.nanoTime() - start;

        start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            ns.createLink(LinkSpec.veth("va" + i, "vb" + i));
        }
        t[2] = System.nanoTime() - start;

        start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            ns.addAddress("va" + i, AddressSpec.of(Cidr.parse(address(i))));
        }
        t[3] = System.nanoTime() - start;

        start = System.nanoTime();
        int seen = 0;
        for (int i = 0; i < LISTINGS; i++) {
            seen += ns.links().size() + ns.addresses().size();
        }
        t[4] = System.nanoTime() - start;
        check(seen, "netlink");

        String peer = watchTeardown(name);
        start = System.nanoTime();
        host.deleteNamespace(name);
        awaitTeardown(peer);
        t[5] = System.nanoTime() - start;
        return t;
    }

    private void check(int seenOverListings, String who) {
        int perListing = seenOverListings / LISTINGS;
        int expected = 1 + 3 * count + 1 + count; // links (lo, bridges, veth ends) + addresses (lo, veths)
        if (perListing < expected) {
            throw new IllegalStateException(who + " listed " + perListing + " objects, expected at least " + expected);
        }
    }

    // ---- through ip, one process per operation ----

    private long[] ipCommands(String name) throws Exception {
        long[] t = new long[PHASES.length];
        long start = System.nanoTime();
        exec("ip", "netns", "add", name);
        exec("ip", "-n", name, "link", "set", "lo", "up");
        t[0] = System.nanoTime() - start;

        start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            exec("ip", "-n", name, "link", "add", "br" + i, "type", "bridge");
        }
        t[1] = System.nanoTime() - start;

        start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            exec("ip", "-n", name, "link", "add", "va" + i, "type", "veth", "peer", "name", "vb" + i);
        }
        t[2] = System.nanoTime() - start;

        start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            exec("ip", "-n", name, "addr", "add", address(i), "dev", "va" + i);
        }
        t[3] = System.nanoTime() - start;

        listAndDeleteWithIp(name, t, "ip");
        return t;
    }

    // ---- through ip -batch, one process per phase ----

    private long[] ipBatch(String name) throws Exception {
        long[] t = new long[PHASES.length];
        long start = System.nanoTime();
        exec("ip", "netns", "add", name);
        exec("ip", "-n", name, "link", "set", "lo", "up");
        t[0] = System.nanoTime() - start;

        StringBuilder bridges = new StringBuilder();
        StringBuilder veths = new StringBuilder();
        StringBuilder addresses = new StringBuilder();
        for (int i = 0; i < count; i++) {
            bridges.append("link add br").append(i).append(" type bridge\n");
            veths.append("link add va").append(i).append(" type veth peer name vb").append(i).append('\n');
            addresses.append("addr add ").append(address(i)).append(" dev va").append(i).append('\n');
        }
        start = System.nanoTime();
        batch(name, bridges.toString());
        t[1] = System.nanoTime() - start;
        start = System.nanoTime();
        batch(name, veths.toString());
        t[2] = System.nanoTime() - start;
        start = System.nanoTime();
        batch(name, addresses.toString());
        t[3] = System.nanoTime() - start;

        listAndDeleteWithIp(name, t, "ip -batch");
        return t;
    }

    /** The last two phases, the same for both ways of using ip: listings by ip, then the teardown. */
    private void listAndDeleteWithIp(String name, long[] t, String who) throws Exception {
        long start = System.nanoTime();
        int seen = 0;
        for (int i = 0; i < LISTINGS; i++) {
            seen += countLines(exec("ip", "-n", name, "-o", "link", "show"));
            seen += countLines(exec("ip", "-n", name, "-o", "addr", "show"));
        }
        t[4] = System.nanoTime() - start;
        check(seen, who);

        String peer = watchTeardown(name);
        start = System.nanoTime();
        exec("ip", "netns", "del", name);
        awaitTeardown(peer);
        t[5] = System.nanoTime() - start;
    }

    /**
     * The kernel destroys a deleted namespace later, in a work queue, holding the locks the next
     * phase needs. To time the real teardown (and not bill it to whoever comes next), the
     * namespace gets a veth whose peer lives in a witness namespace: the peer goes when the
     * teardown has removed the namespace's links.
     */
    private String watchTeardown(String namespace) throws IOException, InterruptedException {
        String peer = "w" + Integer.toHexString(namespace.hashCode() & 0xfffffff);
        exec("ip", "-n", namespace, "link", "add", "witness0", "type", "veth", "peer", "name", peer, "netns", witness);
        return peer;
    }

    private void awaitTeardown(String peer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (witnessNamespace.link(peer).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("namespace teardown did not finish in 120 s");
            }
            Thread.sleep(0, 200_000);
        }
    }

    private static int countLines(String text) {
        return (int) text.lines().count();
    }

    private static String exec(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }

    private static void batch(String namespace, String commands) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "-n", namespace, "-batch", "-").redirectErrorStream(true).start();
        p.getOutputStream().write(commands.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ip -batch failed: " + out);
        }
    }

    /** Removes this run's namespaces if a phase failed halfway (only ours: they carry this run's prefix). */
    private void removeLeftovers() throws IOException, InterruptedException {
        for (String line : exec("ip", "netns", "list").split("\n")) {
            String name = line.split(" ")[0];
            if (name.startsWith(prefix + "-")) {
                exec("ip", "netns", "del", name);
            }
        }
    }
}
