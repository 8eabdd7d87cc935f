package zos.networkd.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.DeviceConfig;
import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PeerConfig;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.HostSnapshot;
import zos.networkd.testlab.Lab;
import zos.networkd.wireguard.internal.WireguardComponent;

/**
 * WireGuard through our service against the same work done by a shell script of
 * {@code wireguard-go} + {@code wg set} + {@code ip}, side by side:
 * <ol>
 * <li>create + configure one device (socket in a node namespace, interface moved into a network
 * resource's namespace, P peers, an address, a route), with the time spent waiting for wireguard-go
 * to come up reported apart: both pay it;</li>
 * <li>TCP throughput through a tunnel made by our service against one made by the script, between
 * the same two namespaces.</li>
 * </ol>
 */
public final class WireguardBenchmark {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int rounds;
    private final int peers;
    private final int seconds;
    private final Lab lab;
    private final NetlinkHostNetworking host;
    private final Path state;
    private final WireguardComponent service;
    private final String nodeA;
    private final String nodeB;
    private final String nrA;
    private final String nrB;
    private final Path scratch;

    private WireguardBenchmark(int rounds, int peers, int seconds) throws IOException {
        this.rounds = rounds;
        this.peers = peers;
        this.seconds = seconds;
        lab = Lab.open("bench");
        host = NetlinkHostNetworking.standalone(false);
        state = Files.createTempDirectory("zos-wg-bench");
        scratch = Files.createTempDirectory("zos-wg-bench-script");
        service = WireguardComponent.standaloneUserspace(host, state);
        nodeA = lab.namespace("nodea");
        nodeB = lab.namespace("nodeb");
        nrA = lab.namespace("nra");
        nrB = lab.namespace("nrb");
        lab.veth(nodeA, "up0", nodeB, "up0");
        lab.runIn(nodeA, "ip", "addr", "add", "198.51.100.1/24", "dev", "up0");
        lab.runIn(nodeB, "ip", "addr", "add", "198.51.100.2/24", "dev", "up0");
        lab.runIn(nodeA, "ip", "link", "set", "up0", "up");
        lab.runIn(nodeB, "ip", "link", "set", "up0", "up");
    }

    public static void main(String[] args) throws Exception {
        int rounds = 10;
        int peers = 10;
        int seconds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--peers" -> peers = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: wireguard [--rounds R] [--peers P] [--seconds S])");
            }
        }
        HostSnapshot before = HostSnapshot.take();
        WireguardBenchmark bench = new WireguardBenchmark(rounds, Math.max(1, peers), Math.max(1, seconds));
        String prefix = bench.lab.prefix();
        try {
            bench.run();
        } finally {
            bench.close();
        }
        HostCheck.print(before, prefix);
    }

    /** One end of a tunnel: its name, key, port, namespaces and addresses. */
    private record End(String name, PrivateKey key, int port, String node, String nr, String address, String subnet,
            String endpointHost) {
    }

    private End[] pair(String tag) {
        int base = 40000 + RANDOM.nextInt(20000);
        String suffix = String.format("%04x", RANDOM.nextInt(0x10000));
        return new End[] {
            new End("wb" + suffix + tag + "a", PrivateKey.generate(), base, nodeA, nrA, "10.40.1.1/16", "10.40.1.0/24",
                    "198.51.100.1"),
            new End("wb" + suffix + tag + "b", PrivateKey.generate(), base + 1, nodeB, nrB, "10.40.2.1/16", "10.40.2.0/24",
                    "198.51.100.2")};
    }

    /** The other end as a peer, plus filler peers so that the configuration has {@link #peers} of them. */
    private List<PeerConfig> peersOf(End other) {
        List<PeerConfig> list = new ArrayList<>();
        list.add(new PeerConfig(other.key().publicKey(), null, Endpoint.parse(other.endpointHost() + ":" + other.port()),
                List.of(Cidr.parse(other.subnet())), 25));
        for (int i = 1; i < peers; i++) {
            list.add(new PeerConfig(PrivateKey.generate().publicKey(), null, Endpoint.parse("203.0.113." + i + ":51820"),
                    List.of(Cidr.parse("10.41." + i + ".0/24")), 25));
        }
        return list;
    }

    // ---- ours ----

    /** Creates one end through the service; returns {total, wait for wireguard-go} in nanoseconds. */
    private long[] ours(End end, End other) {
        DeviceSpec spec = DeviceSpec.moved(end.name(), end.node(), end.nr()).withAddresses(List.of(Cidr.parse(end.address())));
        DeviceConfig config = DeviceConfig.of(end.key(), end.port(), peersOf(other));
        long start = System.nanoTime();
        service.create(spec, config);
        long total = System.nanoTime() - start;
        return new long[] {total, service.lastStartWaitNanos()};
    }

    // ---- the shell script ----

    private static final String SCRIPT = """
            set -e
            name=$1; node=$2; nr=$3; keyfile=$4; port=$5; address=$6; peers=$7
            t0=$(date +%s%N)
            WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1 nsenter --net=/run/netns/$node wireguard-go $name
            while ! [ -S /var/run/wireguard/$name.sock ]; do sleep 0.001; done
            t1=$(date +%s%N)
            wg set $name private-key $keyfile listen-port $port $(cat $peers)
            ip -n $node link set $name netns $nr
            ip -n $nr link set $name up
            ip -n $nr addr add $address dev $name
            echo $((t1 - t0))
            """;

    /** Creates one end by the script; returns {total, wait for wireguard-go} in nanoseconds. */
    private long[] script(End end, End other) throws IOException, InterruptedException {
        Path key = scratch.resolve(end.name() + ".key");
        Files.writeString(key, end.key().revealBase64() + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        StringBuilder peerArgs = new StringBuilder();
        for (PeerConfig p : peersOf(other)) {
            peerArgs.append("peer ").append(p.publicKey()).append(" endpoint ").append(p.endpoint())
                    .append(" persistent-keepalive ").append(p.persistentKeepalive()).append(" allowed-ips ")
                    .append(p.allowedIps().get(0)).append(' ');
        }
        Path peerFile = scratch.resolve(end.name() + ".peers");
        Files.writeString(peerFile, peerArgs.toString());
        Path script = scratch.resolve("create.sh");
        Files.writeString(script, SCRIPT);
        long start = System.nanoTime();
        Process p = new ProcessBuilder("bash", script.toString(), end.name(), end.node(), end.nr(), key.toString(),
                Integer.toString(end.port()), end.address(), peerFile.toString())
                .redirectInput(new java.io.File("/dev/null")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the script failed for " + end.name() + ": " + out);
        }
        long total = System.nanoTime() - start;
        Files.delete(key);
        return new long[] {total, Long.parseLong(out.lines().reduce((a, b) -> b).orElse("0"))};
    }

    /** wireguard-go ends itself when its TUN is deleted (the shell's way to stop it). */
    private void deleteScripted(End end) throws InterruptedException {
        lab.runIn(end.nr(), "ip", "link", "del", end.name());
        Path socket = Path.of("/var/run/wireguard", end.name() + ".sock");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.exists(socket) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    // ---- throughput ----

    /** Megabits per second of one TCP stream from nrB to 10.40.1.1 (nrA) for {@link #seconds}. */
    private double throughput() throws Exception {
        return TcpThroughput.mbits(host.namespace(nrB), host.namespace(nrA), "10.40.1.1", seconds);
    }

    private void awaitPing() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            try {
                lab.runIn(nrB, "ping", "-c", "1", "-W", "1", "10.40.1.1");
                return;
            } catch (RuntimeException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("no ping through the tunnel");
    }

    // ---- the run ----

    private void run() throws Exception {
        System.out.printf("WireGuard benchmark: %d rounds, %d peers per device, %d s per throughput run%n", rounds, peers,
                seconds);
        List<long[]> oursCreate = new ArrayList<>();
        List<long[]> scriptCreate = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            boolean warmUp = round == 0;
            End[] o = pair("o");
            long[] oa = ours(o[0], o[1]);
            long[] ob = ours(o[1], o[0]);
            End[] s = pair("s");
            long[] sa = script(s[0], s[1]);
            long[] sb = script(s[1], s[0]);
            if (!warmUp) {
                oursCreate.add(oa);
                oursCreate.add(ob);
                scriptCreate.add(sa);
                scriptCreate.add(sb);
            }
            service.delete(o[0].name());
            service.delete(o[1].name());
            deleteScripted(s[0]);
            deleteScripted(s[1]);
        }

        List<Double> oursRate = new ArrayList<>();
        List<Double> rawRate = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            End[] o = pair("t");
            ours(o[0], o[1]);
            ours(o[1], o[0]);
            awaitPing();
            oursRate.add(throughput());
            service.delete(o[0].name());
            service.delete(o[1].name());

            End[] s = pair("r");
            script(s[0], s[1]);
            script(s[1], s[0]);
            awaitPing();
            rawRate.add(throughput());
            deleteScripted(s[0]);
            deleteScripted(s[1]);
        }
        print(oursCreate, scriptCreate, oursRate, rawRate);
    }

    private static long median(List<long[]> samples, int column) {
        long[] values = samples.stream().mapToLong(s -> s[column]).sorted().toArray();
        return values[values.length / 2];
    }

    private static double medianOf(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v[v.length / 2];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private void print(List<long[]> ours, List<long[]> script, List<Double> oursRate, List<Double> rawRate) {
        long oursTotal = median(ours, 0);
        long oursWait = median(ours, 1);
        long scriptTotal = median(script, 0);
        long scriptWait = median(script, 1);
        long oursRest = median(ours.stream().map(s -> new long[] {s[0] - s[1]}).toList(), 0);
        long scriptRest = median(script.stream().map(s -> new long[] {s[0] - s[1]}).toList(), 0);
        System.out.printf(Locale.ROOT, "%ndevice create + configure (%d peers, move into the NR namespace, up, address); "
                + "median of %d devices%n", peers, ours.size());
        System.out.printf(Locale.ROOT, "%-36s %12s %12s %8s%n", "", "ours ms", "script ms", "ratio");
        System.out.printf(Locale.ROOT, "%-36s %12.2f %12.2f %7.1fx%n", "total", ms(oursTotal), ms(scriptTotal),
                (double) scriptTotal / oursTotal);
        System.out.printf(Locale.ROOT, "%-36s %12.2f %12.2f %7.1fx%n", "  waiting for wireguard-go to come up",
                ms(oursWait), ms(scriptWait), (double) scriptWait / Math.max(1, oursWait));
        System.out.printf(Locale.ROOT, "%-36s %12.2f %12.2f %7.1fx%n", "  everything else (configure, place)",
                ms(oursRest), ms(scriptRest), (double) scriptRest / Math.max(1, oursRest));
        System.out.printf(Locale.ROOT, "%nTCP throughput through the tunnel, nrB -> nrA, %d s per run, median of %d runs%n",
                seconds, oursRate.size());
        System.out.printf(Locale.ROOT, "%-36s %12s %12s %8s%n", "", "ours Mbit/s", "raw Mbit/s", "ratio");
        System.out.printf(Locale.ROOT, "%-36s %12.0f %12.0f %7.2fx%n", "wireguard-go, one TCP stream", medianOf(oursRate),
                medianOf(rawRate), medianOf(oursRate) / medianOf(rawRate));
        System.out.println("runs ours: " + oursRate.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList()
                + ", raw: " + rawRate.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
    }

    private void close() throws IOException {
        try {
            for (String name : service.names()) {
                service.delete(name);
            }
            service.deactivate();
            host.deactivate();
        } finally {
            lab.close();
            for (Path dir : new Path[] {state, scratch}) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

}
