package zos.networkd.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.mesh.MeshPeer;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.NrLayout;
import zos.networkd.api.mesh.NrStatus;
import zos.networkd.api.mesh.Workload;
import zos.networkd.api.nftables.NftFamily;
import zos.networkd.api.ports.PortRange;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.mesh.internal.MeshComponent;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.nftables.internal.NftablesComponent;
import zos.networkd.ports.internal.PortLeasesComponent;
import zos.networkd.testlab.HostSnapshot;
import zos.networkd.testlab.Lab;
import zos.networkd.wireguard.internal.WireguardComponent;

/**
 * Network resources through our code against the same work done with ip/wg/nft commands, side by
 * side, on lab nodes (namespaces with an uplink into a lab Internet) with wireguard-go:
 * <ol>
 * <li>creating one resource (namespace, bridge, two veth pairs, addresses, routes, sysctls, the
 * nftables table, a WireGuard device moved into the namespace) against a shell script of the same
 * commands, with the wait for wireguard-go to come up reported apart (both pay it);</li>
 * <li>N resources on one node: applying them, re-applying them unchanged, the daemon's RSS;</li>
 * <li>changing one peer of a resource with P peers, against {@code wg set} of that peer;</li>
 * <li>TCP throughput through two resources' tunnel against raw wireguard-go between the same
 * namespaces.</li>
 * </ol>
 */
public final class MeshBenchmark {
    private final int rounds;
    private final int count;
    private final int peers;
    private final int seconds;
    private final Lab lab;
    private final Path work;
    private final NetlinkHostNetworking host;
    private final NftablesComponent nft;
    private final Node a;
    private final Node b;
    private final String wa;
    private final String wb;

    /** A lab node and its services. */
    private final class Node {
        final String ns;
        final String address;
        final WireguardComponent wireguard;
        final PortLeasesComponent ports;
        final MeshComponent mesh;

        Node(String shortName, String internet, String address) throws IOException {
            this.address = address;
            ns = lab.namespace("node" + shortName);
            lab.veth(ns, "zos", internet, "n" + shortName);
            lab.runIn(internet, "ip", "link", "set", "n" + shortName, "master", "br0", "up");
            lab.runIn(ns, "ip", "addr", "add", address + "/24", "dev", "zos");
            lab.runIn(ns, "ip", "link", "set", "zos", "up");
            lab.runIn(ns, "ip", "route", "add", "default", "via", "198.51.100.1");
            Path state = work.resolve(shortName);
            wireguard = WireguardComponent.standaloneUserspace(host, state.resolve("wireguard"));
            ports = PortLeasesComponent.standalone(state.resolve("ports"), PortRange.parse("30000-39999"), List.of(),
                    wireguard);
            mesh = MeshComponent.standalone(host, wireguard, ports, nft, ns, "zos", lab.prefix() + "-",
                    "bench-" + shortName + "-" + lab.prefix(), state.resolve("mesh"));
        }

        void close() {
            for (NrStatus s : mesh.list()) {
                mesh.delete(s.networkId());
            }
            mesh.deactivate();
            ports.deactivate();
            for (String name : wireguard.names()) {
                wireguard.delete(name);
            }
            wireguard.deactivate();
        }
    }

    private MeshBenchmark(int rounds, int count, int peers, int seconds) throws IOException {
        this.rounds = rounds;
        this.count = count;
        this.peers = peers;
        this.seconds = seconds;
        lab = Lab.open("bench");
        work = Files.createTempDirectory("zlab-bench-mesh");
        host = NetlinkHostNetworking.standalone(false);
        nft = NftablesComponent.standalone(host);
        String internet = lab.namespace("inet");
        lab.runIn(internet, "ip", "link", "add", "name", "br0", "type", "bridge");
        lab.runIn(internet, "ip", "addr", "add", "198.51.100.1/24", "dev", "br0");
        lab.runIn(internet, "ip", "link", "set", "br0", "up");
        a = new Node("a", internet, "198.51.100.10");
        b = new Node("b", internet, "198.51.100.20");
        wa = lab.namespace("wa");
        wb = lab.namespace("wb");
    }

    /** inotify instances left to the rest of the user's processes (JVM watch services, systemd, ...). */
    private static final int INOTIFY_MARGIN = 24;

    private static int userspaceDevicesAllowed() {
        try {
            return Math.max(1, Integer.parseInt(zos.networkd.api.files.ProcFiles.readSysctl(
                    java.nio.file.Path.of("/proc/sys/fs/inotify/max_user_instances"))) - INOTIFY_MARGIN);
        } catch (IOException | NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = 15;
        int count = 250;
        int peers = 250;
        int seconds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--count" -> count = Math.min(250, Integer.parseInt(args[++i]));
                case "--peers" -> peers = Math.min(2000, Integer.parseInt(args[++i]));
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: mesh [--rounds R] [--count N<=250] [--peers P] [--seconds S])");
            }
        }
        int allowed = userspaceDevicesAllowed();
        if (count > allowed) {
            System.out.printf("note: %d resources asked, %d measured: every wireguard-go takes an inotify instance and "
                    + "this machine allows %d per user (fs.inotify.max_user_instances, shared with the rest of the "
                    + "user's processes); a node image raises it%n", count, allowed, allowed + INOTIFY_MARGIN);
            count = allowed;
        }
        HostSnapshot before = HostSnapshot.take();
        MeshBenchmark bench = new MeshBenchmark(Math.max(1, rounds), Math.max(1, count), Math.max(1, peers),
                Math.max(1, seconds));
        String prefix = bench.lab.prefix();
        try {
            bench.run();
        } finally {
            bench.close();
        }
        HostCheck.print(before, prefix);
    }

    private void run() throws Exception {
        System.out.printf("Network resource benchmark: %d creates each way, %d resources on one node, %d peers, "
                + "%d s per throughput run; wireguard-go backend%n", rounds, count, peers, seconds);
        createAgainstScript();
        throughput();
        peerUpdate();
        many();
    }

    // ---- 1. one resource: ours against the script ----

    private static NetworkResource resource(String id, int second, int third, List<MeshPeer> peers) {
        return new NetworkResource(id, "", Cidr.parse("10." + second + ".0.0/16"),
                Cidr.parse("10." + second + "." + third + ".0/24"), 0, null, peers);
    }

    /**
     * The same layout as ours, by commands: what a shell-scripted node would run per resource.
     * Arguments: node ns, resource ns, hash, gateway, gateway ULA, uplink node/resource v4 and v6,
     * WireGuard address, range, ULA /48, key file, port, nft file. Prints the wireguard-go wait (ns).
     */
    private static final String SCRIPT = """
            set -e
            node=$1; ns=$2; h=$3; gw=$4; gw6=$5; xn4=$6; u4=$7; xn6=$8; u6=$9; wga=${10}; range=${11}; ula=${12}
            keyfile=${13}; port=${14}; nftfile=${15}
            N="nsenter --net=/run/netns/$node"; R="nsenter --net=/run/netns/$ns"
            ip netns add $ns
            ip -n $ns link set lo up
            $R sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
            ip -n $node link add zmb$h type bridge
            $N sysctl -q -w net.ipv6.conf.zmb$h.disable_ipv6=1
            ip -n $node link set zmb$h up
            ip -n $node link add zmv$h type veth peer name zmg$h netns $ns
            ip -n $node link set zmv$h master zmb$h
            $N sysctl -q -w net.ipv6.conf.zmv$h.disable_ipv6=1
            ip -n $node link set zmv$h up
            ip -n $ns addr add $gw dev zmg$h
            ip -n $ns addr add $gw6 dev zmg$h nodad
            ip -n $ns addr add fe80::1/64 dev zmg$h nodad
            ip -n $ns link set zmg$h up
            ip -n $node link add zmx$h type veth peer name zmu$h netns $ns
            ip -n $node addr add $xn4 dev zmx$h
            ip -n $node addr add $xn6 dev zmx$h nodad
            $N sysctl -q -w net.ipv4.conf.zmx$h.forwarding=1
            ip -n $node link set zmx$h up
            ip -n $ns addr add $u4 dev zmu$h
            ip -n $ns addr add $u6 dev zmu$h nodad
            ip -n $ns link set zmu$h up
            ip -n $ns route add default via ${xn4%/*} dev zmu$h
            $R nft -f $nftfile
            t0=$(date +%s%N)
            WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1 $N wireguard-go zmw$h
            while ! [ -S /var/run/wireguard/zmw$h.sock ]; do sleep 0.001; done
            t1=$(date +%s%N)
            wg set zmw$h private-key $keyfile listen-port $port
            ip -n $node link set zmw$h netns $ns
            ip -n $ns link set zmw$h up
            ip -n $ns addr add $wga dev zmw$h
            ip -n $ns route add $range dev zmw$h
            ip -n $ns route add $ula dev zmw$h
            echo $((t1 - t0))
            """;

    private void createAgainstScript() throws Exception {
        // warm-up: the node's own part (forwarding, its nftables table) is made once, for both
        NrStatus warm = a.mesh.apply(resource("warm", 200, 1, List.of())).status();
        String nftTemplate = nft.show(warm.layout().namespace(), NftFamily.INET, warm.layout().nftTable()).orElseThrow();
        String warmHash = warm.layout().wireguard().substring(3);
        Path script = work.resolve("create.sh");
        Files.writeString(script, SCRIPT);
        List<long[]> ours = new ArrayList<>();
        List<long[]> scripted = new ArrayList<>();
        List<String> scriptNamespaces = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            a.mesh.apply(resource("ours" + i, 100 + i, 1, List.of()));
            long total = System.nanoTime() - start;
            ours.add(new long[] {total, a.wireguard.lastStartWaitNanos()});

            String h = String.format("%010x", 0xbe00000000L + i);
            String ns = lab.prefix() + "-zmn" + h;
            int slot = 100 + i;
            Path key = work.resolve("key" + i);
            Files.writeString(key, PrivateKey.generate().revealBase64() + "\n");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Path nftFile = work.resolve("nr" + i + ".nft");
            Files.writeString(nftFile, nftTemplate.replace(warmHash, h));
            start = System.nanoTime();
            Process p = new ProcessBuilder("bash", script.toString(), a.ns, ns, h, "10." + slot + ".1.1/24",
                    "fd00:be::" + i + ":1/64", "100.127.1." + (2 * i) + "/31", "100.127.1." + (2 * i + 1) + "/31",
                    "fd00:bf:0:" + i + "::1/64", "fd00:bf:0:" + i + "::2/64", "100.64." + slot + ".1/16",
                    "10." + slot + ".0.0/16", "fd00:be::/48", key.toString(), Integer.toString(41000 + i),
                    nftFile.toString()).redirectInput(new java.io.File("/dev/null")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the script failed: " + out);
            }
            total = System.nanoTime() - start;
            scriptNamespaces.add(ns);
            scripted.add(new long[] {total, Long.parseLong(out.lines().reduce((x, y) -> y).orElse("0"))});
        }
        // away with both
        for (int i = 0; i < rounds; i++) {
            a.mesh.delete("ours" + i);
        }
        a.mesh.delete("warm");
        for (String ns : scriptNamespaces) {
            String h = ns.substring(ns.length() - 10);
            lab.run("ip", "netns", "del", ns); // wireguard-go ends with its TUN
            lab.runIn(a.ns, "ip", "link", "del", "zmb" + h);
            Path socket = Path.of("/var/run/wireguard", "zmw" + h + ".sock");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Files.exists(socket) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }

        long kernel = kernelFloor();
        System.out.printf(Locale.ROOT, "%n1. create one network resource (namespace, bridge, 2 veth pairs, 7 addresses, "
                + "routes, sysctls, nftables table, WireGuard moved in); median of %d%n", rounds);
        System.out.printf(Locale.ROOT, "%-52s %12s %12s %8s%n", "", "ours ms", "script ms", "ratio");
        row("total", median(ours, 0), median(scripted, 0));
        row("  waiting for wireguard-go to come up", median(ours, 1), median(scripted, 1));
        row("  everything else", medianOfRest(ours), medianOfRest(scripted));
        row("    of which the kernel's own slow steps (*)", kernel, kernel);
        row("    the rest: what each side itself adds", medianOfRest(ours) - kernel, medianOfRest(scripted) - kernel);
        System.out.println("   (*) creating a namespace and moving a TUN into it, measured alone (median of 10 each):"
                + " both sides wait for them the same");
    }

    /** What the kernel takes for a new namespace plus moving a TUN into it, whoever asks (median of 10). */
    private long kernelFloor() {
        List<long[]> created = new ArrayList<>();
        List<long[]> moved = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String ns = lab.name("kf" + i);
            long start = System.nanoTime();
            host.createNamespace(ns);
            created.add(new long[] {System.nanoTime() - start});
            String tun = "zkt" + i;
            lab.runIn(a.ns, "ip", "tuntap", "add", "mode", "tun", "name", tun);
            start = System.nanoTime();
            host.namespace(a.ns).moveTo(tun, host.namespace(ns));
            moved.add(new long[] {System.nanoTime() - start});
            host.deleteNamespace(ns);
        }
        return median(created, 0) + median(moved, 0);
    }

    private static void row(String what, long ours, long script) {
        System.out.printf(Locale.ROOT, "%-52s %12.2f %12.2f %7.1fx%n", what, ours / 1e6, script / 1e6,
                (double) script / Math.max(1, ours));
    }

    private static long median(List<long[]> samples, int column) {
        long[] v = samples.stream().mapToLong(s -> s[column]).sorted().toArray();
        return v[v.length / 2];
    }

    private static long medianOfRest(List<long[]> samples) {
        return median(samples.stream().map(s -> new long[] {s[0] - s[1]}).toList(), 0);
    }

    // ---- 2. throughput ----

    private void throughput() throws Exception {
        NrStatus sa = a.mesh.apply(resource("tp", 90, 1, List.of())).status();
        NrStatus sb = b.mesh.apply(resource("tp", 90, 2, List.of(MeshPeer.of(sa.publicKey(), Cidr.parse("10.90.1.0/24"),
                Endpoint.parse(a.address + ":" + sa.listenPort()))))).status();
        a.mesh.apply(resource("tp", 90, 1, List.of(MeshPeer.of(sb.publicKey(), Cidr.parse("10.90.2.0/24"),
                Endpoint.parse(b.address + ":" + sb.listenPort())))));
        a.mesh.join("tp", Workload.Request.of("wa", wa));
        b.mesh.join("tp", Workload.Request.of("wb", wb));
        awaitPing(wb, "10.90.1.2");
        // raw: wireguard-go between the same two namespaces, nothing else
        String suffix = String.format("%04x", new java.security.SecureRandom().nextInt(0x10000));
        String rawA = "wr" + suffix + "a";
        String rawB = "wr" + suffix + "b";
        PrivateKey ka = PrivateKey.generate();
        PrivateKey kb = PrivateKey.generate();
        raw(rawA, a.ns, wa, ka, 42001, "10.98.1.1/24", kb, b.address + ":42002", "10.98.2.0/24");
        raw(rawB, b.ns, wb, kb, 42002, "10.98.2.1/24", ka, a.address + ":42001", "10.98.1.0/24");
        awaitPing(wb, "10.98.1.1");
        List<Double> ours = new ArrayList<>();
        List<Double> rawRates = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ours.add(TcpThroughput.mbits(host.namespace(wb), host.namespace(wa), "10.90.1.2", seconds));
            rawRates.add(TcpThroughput.mbits(host.namespace(wb), host.namespace(wa), "10.98.1.1", seconds));
        }
        lab.runIn(wa, "ip", "link", "del", rawA);
        lab.runIn(wb, "ip", "link", "del", rawB);
        a.mesh.delete("tp");
        b.mesh.delete("tp");
        double o = medianOf(ours);
        double r = medianOf(rawRates);
        System.out.printf(Locale.ROOT, "%n2. TCP throughput between two workloads, one stream, %d s per run, median of 3%n",
                seconds);
        System.out.printf(Locale.ROOT, "%-52s %12s %12s %8s%n", "", "ours Mbit/s", "raw Mbit/s", "ratio");
        System.out.printf(Locale.ROOT, "%-52s %12.0f %12.0f %7.2fx%n", "through two resources' tunnel vs raw wg-go", o, r,
                o / r);
        System.out.println("   runs ours " + rates(ours) + ", raw " + rates(rawRates));
    }

    private void raw(String name, String nodeNs, String workloadNs, PrivateKey key, int port, String address,
            PrivateKey peer, String endpoint, String allowed) throws IOException {
        Path keyFile = work.resolve(name + ".key");
        Files.writeString(keyFile, key.revealBase64() + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        ProcessBuilder start = new ProcessBuilder("nsenter", "--net=/run/netns/" + nodeNs, "--", "wireguard-go", name)
                .redirectInput(new java.io.File("/dev/null")).redirectErrorStream(true);
        start.environment().put("WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD", "1");
        try {
            if (start.start().waitFor() != 0) {
                throw new IllegalStateException("wireguard-go " + name + " did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        lab.run("wg", "set", name, "private-key", keyFile.toString(), "listen-port", Integer.toString(port), "peer",
                peer.publicKey().base64(), "endpoint", endpoint, "allowed-ips", allowed, "persistent-keepalive", "25");
        lab.runIn(nodeNs, "ip", "link", "set", name, "netns", workloadNs);
        lab.runIn(workloadNs, "ip", "addr", "add", address, "dev", name);
        lab.runIn(workloadNs, "ip", "link", "set", name, "up");
        lab.runIn(workloadNs, "ip", "route", "add", "10.98.0.0/16", "dev", name);
    }

    private void awaitPing(String ns, String target) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                lab.runIn(ns, "ping", "-c", "1", "-W", "1", target);
                return;
            } catch (RuntimeException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("no ping " + target + " from " + ns);
    }

    private static double medianOf(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static List<String> rates(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList();
    }

    // ---- 3. one peer of many ----

    private void peerUpdate() throws Exception {
        List<MeshPeer> list = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            list.add(MeshPeer.of(PrivateKey.generate().publicKey(), Cidr.parse("10." + (1 + i / 200) + "." + (i % 200)
                    + ".0/24"), Endpoint.parse("203.0.113." + (1 + i % 250) + ":51820")));
        }
        NetworkResource base = new NetworkResource("many-peers", "", Cidr.parse("10.0.0.0/8"), Cidr.parse("10.0.250.0/24"),
                0, null, list);
        long start = System.nanoTime();
        NrLayout layout = a.mesh.apply(base).status().layout();
        long initial = System.nanoTime() - start;
        List<long[]> ours = new ArrayList<>();
        List<long[]> wgSet = new ArrayList<>();
        MeshPeer first = list.get(0);
        for (int i = 0; i < 11; i++) {
            List<MeshPeer> changed = new ArrayList<>(list);
            changed.set(0, new MeshPeer(first.publicKey(), first.subnet(), List.of(),
                    Endpoint.parse("203.0.113.200:" + (50000 + i)), MeshPeer.DEFAULT_KEEPALIVE));
            start = System.nanoTime();
            a.mesh.apply(base.withPeers(changed));
            long took = System.nanoTime() - start;
            start = System.nanoTime();
            lab.run("wg", "set", layout.wireguard(), "peer", first.publicKey().base64(), "endpoint",
                    "203.0.113.201:" + (50000 + i));
            long script = System.nanoTime() - start;
            if (i > 0) {
                ours.add(new long[] {took});
                wgSet.add(new long[] {script});
            }
        }
        a.mesh.delete("many-peers");
        System.out.printf(Locale.ROOT, "%n3. one resource with %d peers: created in %.1f ms (wireguard-go wait %.1f ms); "
                + "changing one peer's endpoint, median of %d%n", peers, initial / 1e6, a.wireguard.lastStartWaitNanos() / 1e6,
                ours.size());
        System.out.printf(Locale.ROOT, "%-52s %12s %12s %8s%n", "", "ours ms", "wg set ms", "ratio");
        row("apply the whole declaration vs one wg set", median(ours, 0), median(wgSet, 0));
    }

    // ---- 4. many resources on one node ----

    private void many() throws Exception {
        long rssBefore = rssKib(ProcessHandle.current().pid());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<NetworkResource> resources = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            resources.add(resource("m" + i, i, 1, List.of()));
        }
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (NetworkResource r : resources) {
            done.add(pool.submit(() -> b.mesh.apply(r)));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long applied = System.nanoTime() - start;
        start = System.nanoTime();
        for (NetworkResource r : resources) {
            if (b.mesh.apply(r).outcome() != zos.networkd.api.mesh.ApplyResult.Outcome.UNCHANGED) {
                throw new IllegalStateException(r.networkId() + " changed on re-apply");
            }
        }
        long reapplied = System.nanoTime() - start;
        System.gc();
        long rssAfter = rssKib(ProcessHandle.current().pid());
        long wgRss = 0;
        for (String name : b.wireguard.names()) {
            wgRss += rssKib(b.wireguard.state(name).pid());
        }
        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        start = System.nanoTime();
        done.clear();
        for (NetworkResource r : resources) {
            done.add(pool.submit(() -> b.mesh.delete(r.networkId())));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long deleted = System.nanoTime() - start;
        pool.shutdown();
        System.out.printf(Locale.ROOT, "%n4. %d resources on one node (userspace WireGuard: one wireguard-go each)%n", count);
        System.out.printf(Locale.ROOT, "%-52s %10.1f s  (%.1f ms per resource, 8 at a time)%n", "apply all", applied / 1e9,
                applied / 1e6 / count);
        System.out.printf(Locale.ROOT, "%-52s %10.1f s  (%.2f ms per resource: only reads)%n", "re-apply all, unchanged",
                reapplied / 1e9, reapplied / 1e6 / count);
        System.out.printf(Locale.ROOT, "%-52s %10.1f s%n", "delete all (8 at a time)", deleted / 1e9);
        System.out.printf(Locale.ROOT, "%-52s %7d MiB before, %d MiB with %d resources (heap in use %d MiB)%n",
                "the daemon's (this JVM's) RSS", rssBefore / 1024, rssAfter / 1024, count, heap / 1024 / 1024);
        System.out.printf(Locale.ROOT, "%-52s %7d MiB in all, %.1f MiB each%n", "wireguard-go processes' RSS",
                wgRss / 1024, wgRss / 1024.0 / count);
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException gone) {
            // ended meanwhile
        }
        return 0;
    }

    private void close() throws IOException {
        try {
            for (Node node : new Node[] {a, b}) {
                if (node != null) {
                    node.close();
                }
            }
            nft.deactivate();
            host.deactivate();
        } finally {
            for (String line : lab.run("ip", "netns", "list").lines().toList()) {
                String name = line.split(" ")[0];
                if (name.startsWith(lab.prefix() + "-zmn")) {
                    lab.run("ip", "netns", "del", name);
                }
            }
            lab.close();
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
