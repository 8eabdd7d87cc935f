package zos.networkd.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import zos.networkd.api.boot.BootEvent;
import zos.networkd.api.boot.BootService;
import zos.networkd.api.boot.ConnectivityStatus;
import zos.networkd.api.boot.Lease;
import zos.networkd.api.boot.NicProbe;
import zos.networkd.api.boot.NodeParameters;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;

@Service
@Command(scope = "zos", name = "boot", description = "How the node reached the Internet: state, uplink NIC and why, "
        + "lease, per-NIC probe results and recent events.")
public class BootCommand implements Action {
    static final String BOOT_ABSENT = "Boot connectivity not available: component zos.networkd.boot is not active — see zos:status";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @Reference(optional = true)
    BootService boot;

    @Option(name = "--events", aliases = "-n", description = "How many recent events to show (default 15)")
    int events = 15;

    @Override
    public Object execute() {
        BootService current = boot;
        if (current == null) {
            System.err.println(BOOT_ABSENT);
            return null;
        }
        print(current.status(), events, Instant.now(), System.out);
        return null;
    }

    static void print(ConnectivityStatus s, int events, Instant now, PrintStream out) {
        out.println("State:      " + s.state() + " since " + CLOCK.format(s.since()) + " (" + age(s.since(), now) + " ago)");
        out.println("Uplink:     " + (s.bridge() == null ? "-" : s.bridge() + " on " + s.uplinkNic()));
        out.println("Choice:     " + s.choice());
        out.println("Lease:      " + lease(s.lease(), now));
        if (!s.ipv6().isEmpty() || s.gateway6() != null) {
            out.println("IPv6:       " + s.ipv6().stream().map(Cidr::toString).collect(Collectors.joining(", "))
                    + (s.gateway6() == null ? "" : " via " + IpAddresses.format(s.gateway6())));
        }
        out.println("Parameters: " + parameters(s.parameters()));
        for (String problem : s.parameters().problems()) {
            out.println("            problem: " + problem);
        }
        if (!s.probes().isEmpty()) {
            out.println();
            ShellTable table = new ShellTable();
            table.column("NIC");
            table.column("OUTCOME");
            table.column("REASON");
            table.column("TOOK").alignRight();
            for (NicProbe p : s.probes()) {
                table.addRow().addContent(p.nic(), p.outcome(), p.reason(), p.took().toMillis() + " ms");
            }
            table.print(out);
        }
        List<BootEvent> timeline = s.timeline();
        if (!timeline.isEmpty() && events > 0) {
            out.println();
            out.println("Recent events:");
            for (BootEvent e : timeline.subList(Math.max(0, timeline.size() - events), timeline.size())) {
                out.println("  " + CLOCK.format(e.at()) + "  " + e.message());
            }
        }
    }

    static String lease(Lease lease, Instant now) {
        if (lease == null) {
            return "-";
        }
        StringBuilder s = new StringBuilder(lease.address().toString());
        s.append(" via ").append(lease.gateway() == null ? "no gateway" : IpAddresses.format(lease.gateway()));
        if (!lease.dns().isEmpty()) {
            s.append(", DNS ").append(lease.dns().stream().map(IpAddresses::format).collect(Collectors.joining(" ")));
        }
        if (lease.isStatic()) {
            return s.append(" (static)").toString();
        }
        s.append(", from ").append(lease.server() == null ? "?" : IpAddresses.format(lease.server()));
        s.append(", ").append(lease.seconds()).append(" s, expires ").append(CLOCK.format(lease.expires()));
        Duration left = Duration.between(now, lease.expires());
        s.append(left.isNegative() ? " (expired)" : " (in " + age(now, lease.expires()) + ")");
        return s.toString();
    }

    static String parameters(NodeParameters p) {
        return "farm " + orDash(p.farmId()) + ", registry " + (p.registry() == null ? "-" : p.registry())
                + ", run mode " + p.runMode() + (p.bootNic() == null ? "" : ", NIC " + p.bootNic())
                + (p.vlan() == 0 ? "" : ", VLAN " + p.vlan())
                + (p.staticAddress() == null ? "" : ", static " + p.staticAddress());
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    static String age(Instant from, Instant to) {
        long seconds = Math.max(0, Duration.between(from, to).toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds / 60 % 60 + "m";
    }
}
