package zos.networkd.boot.internal;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import zos.networkd.api.boot.ConnectivityState;
import zos.networkd.api.boot.NicProbe;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.HostSnapshot;
import zos.networkd.testlab.Lab;

/**
 * Boot, measured in lab namespaces with real dnsmasq and udhcpc (the boot tests' {@link DhcpLab}):
 * from carrier up to online, and the parallel probe of three NICs against the same NICs probed one
 * after another. (In boot's package, so that it drives the same classes the bundle runs.)
 */
public final class BootBenchmark {
    private final NetlinkHostNetworking host = NetlinkHostNetworking.standalone(false);

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
                try (Lab lab = Lab.open(purpose); DhcpLab dhcp = new DhcpLab(lab, host, "node")) {
                    online[r] = carrierToOnline(dhcp);
                }
                try (Lab lab = Lab.open(purpose); DhcpLab dhcp = new DhcpLab(lab, host, "node")) {
                    long[] t = probeParallelAndSequential(dhcp, false);
                    good[0][r] = t[0];
                    good[1][r] = t[1];
                }
                try (Lab lab = Lab.open(purpose); DhcpLab dhcp = new DhcpLab(lab, host, "node")) {
                    long[] t = probeParallelAndSequential(dhcp, true);
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

    /** The NIC's peer comes up while boot waits for carrier; the clock runs from there to ONLINE. */
    private long carrierToOnline(DhcpLab dhcp) throws Exception {
        DhcpLab.Upstream up = dhcp.upstream("eth0", "up", "203.0.113", false);
        dhcp.dnsmasq(up, true, "1h", "50");
        dhcp.registry(up);
        BootSettings settings = dhcp.settings(Duration.ofSeconds(5));
        BootSettings patient = new BootSettings(settings.bridge(), settings.namespacePrefix(), Duration.ofSeconds(10),
                settings.dhcpTimeout(), settings.backoffCap(), Duration.ofSeconds(30), settings.udhcpc(),
                settings.stateDirectory());
        BootManager boot = dhcp.boot(BootLabTest.parameters(dhcp, ""), patient, List.of("eth0"), DhcpLab.collector());
        boot.start();
        String probeNs = dhcp.lab.prefix() + "-probe-eth0";
        while (!dhcp.lab.run("ip", "netns", "list").contains(probeNs)) {
            Thread.sleep(5);
        }
        Thread.sleep(200); // the probe is waiting for carrier
        long start = System.nanoTime();
        dhcp.lab.runIn(up.namespace(), "ip", "link", "set", "up0", "up");
        while (boot.status().state() != ConnectivityState.ONLINE) {
            Thread.sleep(2);
            if (System.nanoTime() - start > 60_000_000_000L) {
                throw new IllegalStateException("not online in 60 s: " + boot.status().timeline());
            }
        }
        return System.nanoTime() - start;
    }

    /** The same three NICs probed at once, then one after another; returns both times. */
    private long[] probeParallelAndSequential(DhcpLab dhcp, boolean mixed) throws Exception {
        List<String> nics = List.of("eth0", "eth1", "eth2");
        String[] subnets = {"192.0.2", "198.51.100", "203.0.113"};
        for (int i = 0; i < 3; i++) {
            DhcpLab.Upstream up = dhcp.upstream(nics.get(i), "u" + i, subnets[i], !(mixed && i == 0));
            if (!(mixed && i < 2)) {
                dhcp.dnsmasq(up, true, "1h", "50");
            }
            dhcp.registry(up);
        }
        Udhcpc udhcpc = new Udhcpc(dhcp.settings(Duration.ofSeconds(3)).udhcpc(),
                Files.createTempDirectory(dhcp.workDirectory(), "hook"));
        NicProber prober = new NicProber(host, host.namespace(dhcp.node), udhcpc, dhcp.lab.prefix() + "-",
                Duration.ofSeconds(2), Duration.ofSeconds(3), s -> { });
        InetSocketAddress registry = InetSocketAddress.createUnresolved(DhcpLab.REGISTRY_IP, DhcpLab.REGISTRY_PORT);
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
    }
}
