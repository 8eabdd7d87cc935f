package zos.networkd.boot.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import zos.networkd.api.boot.ConnectivityState;
import zos.networkd.api.boot.NicProbe;
import zos.networkd.api.boot.NodeParameters;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.HostSnapshot;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabProcess;

/**
 * Boot, measured in lab namespaces with real dnsmasq and udhcpc: from carrier up to online, and
 * the parallel probe of three NICs against the same NICs probed one after another.
 * (In boot's package, so that it drives the same classes the bundle runs.)
 */
public final class BootBenchmark {
    private static final String REGISTRY_IP = "203.0.113.10";

    private final NetlinkHostNetworking host = NetlinkHostNetworking.standalone(false);
    private final Path work = Files.createTempDirectory("zlab-bench-boot");

    private BootBenchmark() throws IOException {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("usage: boot [--runs N]");
            }
        }
        new BootBenchmark().run(runs);
    }

    private void run(int runs) throws Exception {
        String purpose = "bboot" + Integer.toHexString(new SecureRandom().nextInt(0x1000));
        HostSnapshot before = HostSnapshot.take();
        long[] online = new long[runs];
        long[][] mixed = new long[2][runs];
        long[][] good = new long[2][runs];
        try {
            for (int r = 0; r < runs; r++) {
                System.out.printf("run %d/%d ...%n", r + 1, runs);
                try (Lab lab = Lab.open(purpose)) {
                    online[r] = carrierToOnline(lab);
                }
                try (Lab lab = Lab.open(purpose)) {
                    long[] t = probeParallelAndSequential(lab, false);
                    good[0][r] = t[0];
                    good[1][r] = t[1];
                }
                try (Lab lab = Lab.open(purpose)) {
                    long[] t = probeParallelAndSequential(lab, true);
                    mixed[0][r] = t[0];
                    mixed[1][r] = t[1];
                }
            }
        } finally {
            host.deactivate();
        }
        System.out.printf("%nboot in lab namespaces (dnsmasq --no-ping, udhcpc), median of %d runs%n", runs);
        System.out.printf("carrier up -> online (probe, zos bridge, lease on zos, registry dialled): %.0f ms%n",
                median(online) / 1e6);
        System.out.printf("%n%-58s %12s %12s %8s%n", "probe of 3 NICs", "parallel ms", "one by one", "ratio");
        row("3 NICs with DHCP and a router", good);
        row("no carrier (2 s wait) + no DHCP offer (3 s) + a good one", mixed);
        List<String> diff = HostSnapshot.take().diff(before).stream()
                .filter(d -> !(d.startsWith("namespaces:") && d.contains("zlab-") && !d.contains(purpose))).toList();
        System.out.println(diff.isEmpty() ? "initial network namespace unchanged: yes" : "CHANGED: " + diff);
    }

    private static void row(String what, long[][] t) {
        double parallel = median(t[0]) / 1e6;
        double sequential = median(t[1]) / 1e6;
        System.out.printf("%-58s %12.0f %12.0f %7.1fx%n", what, parallel, sequential, sequential / parallel);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private String upstream(Lab lab, String node, String nic, String shortName, String subnet, boolean carrier) {
        String up = lab.namespace(shortName);
        lab.veth(node, nic, up, "up0");
        lab.runIn(up, "ip", "addr", "add", subnet + ".1/24", "dev", "up0");
        lab.runIn(up, "ip", "addr", "add", REGISTRY_IP + "/32", "dev", "lo");
        if (carrier) {
            lab.runIn(up, "ip", "link", "set", "up0", "up");
        }
        return up;
    }

    private LabProcess dnsmasq(Lab lab, String up, String subnet) {
        return lab.start(up, List.of("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--user=root", "--group=root",
                "--bind-interfaces", "--interface=up0", "--except-interface=lo", "--port=0", "--no-ping",
                "--dhcp-authoritative", "--dhcp-leasefile=" + work.resolve(up + ".leases"), "--pid-file=",
                "--dhcp-range=" + subnet + ".50," + subnet + ".99,255.255.255.0,1h",
                "--dhcp-option=option:router," + subnet + ".1"), work.resolve(up + ".log"));
    }

    private ServerSocket registry(String up) throws Exception {
        ServerSocket server = host.namespace(up).call(() -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(REGISTRY_IP, 8080));
            return s;
        });
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket ignored = server.accept()) {
                    // online means: it connects
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    private BootSettings settings(Lab lab, Duration carrierWait, Duration dhcpTimeout) throws IOException {
        return new BootSettings("zos", lab.prefix() + "-", carrierWait, dhcpTimeout, Duration.ofSeconds(2),
                Duration.ofSeconds(30), Path.of("/usr/sbin/udhcpc"), Files.createTempDirectory(work, "state"));
    }

    /** The NIC's peer comes up while boot waits for carrier; the clock runs from there to ONLINE. */
    private long carrierToOnline(Lab lab) throws Exception {
        String node = lab.namespace("node");
        String up = upstream(lab, node, "eth0", "up", "203.0.113", false);
        dnsmasq(lab, up, "203.0.113");
        try (ServerSocket ignored = registry(up)) {
            NodeParameters parameters = BootParameters.resolve("", Map.of(BootParameters.REGISTRY,
                    "http://" + REGISTRY_IP + ":8080"));
            try (BootManager boot = new BootManager(host, host.namespace(node), parameters,
                    settings(lab, Duration.ofSeconds(10), Duration.ofSeconds(5)), true, () -> List.of("eth0"), s -> { })) {
                boot.start();
                String probeNs = lab.prefix() + "-probe-eth0";
                while (!lab.run("ip", "netns", "list").contains(probeNs)) {
                    Thread.sleep(5);
                }
                Thread.sleep(200); // the probe is waiting for carrier
                long start = System.nanoTime();
                lab.runIn(up, "ip", "link", "set", "up0", "up");
                while (boot.status().state() != ConnectivityState.ONLINE) {
                    Thread.sleep(2);
                    if (System.nanoTime() - start > 60_000_000_000L) {
                        throw new IllegalStateException("not online in 60 s: " + boot.status().timeline());
                    }
                }
                return System.nanoTime() - start;
            }
        }
    }

    /** The same three NICs probed at once, then one after another; returns both times. */
    private long[] probeParallelAndSequential(Lab lab, boolean mixed) throws Exception {
        String node = lab.namespace("node");
        List<String> nics = List.of("eth0", "eth1", "eth2");
        List<ServerSocket> registries = new ArrayList<>();
        String[] subnets = {"192.0.2", "198.51.100", "203.0.113"};
        for (int i = 0; i < 3; i++) {
            boolean carrier = !(mixed && i == 0);
            String up = upstream(lab, node, nics.get(i), "u" + i, subnets[i], carrier);
            if (!(mixed && i < 2)) {
                dnsmasq(lab, up, subnets[i]);
            }
            registries.add(registry(up));
        }
        try {
            Udhcpc udhcpc = new Udhcpc(Path.of("/usr/sbin/udhcpc"), Files.createTempDirectory(work, "hook"));
            NicProber prober = new NicProber(host, host.namespace(node), udhcpc, lab.prefix() + "-",
                    Duration.ofSeconds(2), Duration.ofSeconds(3), s -> { });
            InetSocketAddress registry = InetSocketAddress.createUnresolved(REGISTRY_IP, 8080);
            prober.probeAll(nics, registry); // warm-up: leases known to the servers, code compiled
            long start = System.nanoTime();
            List<NicProbe> parallel = prober.probeAll(nics, registry);
            long parallelNanos = System.nanoTime() - start;
            start = System.nanoTime();
            for (String nic : nics) {
                prober.probe(nic, registry);
            }
            long sequentialNanos = System.nanoTime() - start;
            if (parallel.stream().filter(p -> p.lease() != null).count() != (mixed ? 1 : 3)) {
                throw new IllegalStateException("unexpected probe results: " + parallel);
            }
            return new long[] {parallelNanos, sequentialNanos};
        } finally {
            for (ServerSocket s : registries) {
                s.close();
            }
        }
    }
}
