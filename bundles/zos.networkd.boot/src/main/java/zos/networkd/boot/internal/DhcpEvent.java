package zos.networkd.boot.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import zos.networkd.api.boot.Lease;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;

/**
 * One udhcpc event as our hook script reports it: a line {@code @zos-dhcp<TAB>event=bound<TAB>ip=…}.
 * udhcpc calls the hook with {@code deconfig}, {@code bound}, {@code renew}, {@code leasefail}
 * or {@code nak} and the lease in environment variables.
 */
record DhcpEvent(String event, Map<String, String> values) {
    static final String MARKER = "@zos-dhcp";

    /** The hook: it only reports; applying the lease is ours (through netlink). */
    static final String HOOK_SCRIPT = """
            #!/bin/sh
            # udhcpc hook of zos networkd: reports the event to its supervisor on stdout, applies nothing.
            printf '%s\\tevent=%s\\tip=%s\\tmask=%s\\trouter=%s\\tdns=%s\\tlease=%s\\tserverid=%s\\tdomain=%s\\n' \\
              '@zos-dhcp' "$1" "$ip" "$mask" "$router" "$dns" "$lease" "$serverid" "$domain"
            """;

    /** Parses a line of udhcpc's output; null when it is not one of our events. */
    static DhcpEvent parse(String line) {
        if (line == null || !line.startsWith(MARKER + "\t")) {
            return null;
        }
        Map<String, String> values = new HashMap<>();
        for (String field : line.substring(MARKER.length() + 1).split("\t")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                values.put(field.substring(0, eq), field.substring(eq + 1).trim());
            }
        }
        return new DhcpEvent(values.getOrDefault("event", ""), values);
    }

    boolean grantsLease() {
        return "bound".equals(event) || "renew".equals(event);
    }

    /** The lease a {@code bound}/{@code renew} event carries. */
    Lease lease(Instant now) {
        String ip = values.get("ip");
        if (ip == null || ip.isEmpty()) {
            throw new IllegalArgumentException("udhcpc " + event + " without an address");
        }
        int prefix = mask(values.getOrDefault("mask", "32"));
        InetAddress router = first(values.get("router"));
        List<InetAddress> dns = new ArrayList<>();
        String dnsList = values.get("dns");
        if (dnsList != null) {
            for (String server : dnsList.split("\\s+")) {
                if (!server.isEmpty()) {
                    dns.add(IpAddresses.parse(server));
                }
            }
        }
        long seconds = Long.parseLong(values.getOrDefault("lease", "0").isEmpty() ? "0" : values.get("lease"));
        String domain = values.get("domain");
        return new Lease(new Cidr(IpAddresses.parse(ip), prefix), router, dns,
                domain == null || domain.isEmpty() ? null : domain, first(values.get("serverid")), seconds, now,
                now.plusSeconds(seconds));
    }

    /** busybox gives the prefix length ("24"); other clients give a dotted mask. */
    private static int mask(String mask) {
        if (mask.matches("\\d{1,2}")) {
            return Integer.parseInt(mask);
        }
        byte[] bytes = IpAddresses.parse(mask).getAddress();
        int bits = 0;
        for (byte b : bytes) {
            bits += Integer.bitCount(b & 0xff);
        }
        return bits;
    }

    private static InetAddress first(String list) {
        if (list == null || list.isBlank()) {
            return null;
        }
        return IpAddresses.parse(list.trim().split("\\s+")[0]);
    }
}
