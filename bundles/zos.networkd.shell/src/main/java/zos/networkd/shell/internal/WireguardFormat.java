package zos.networkd.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.PeerState;

/** How zos:wg shows peers: handshake age, byte counts, allowed IPs. Never a private key: there is none to show. */
final class WireguardFormat {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private WireguardFormat() {
    }

    /** {@code 12s ago}, {@code 3m 4s ago}, {@code 2h 5m ago}, {@code never}. */
    static String handshake(PeerState peer, Instant now) {
        return peer.handshakeAge(now).map(WireguardFormat::age).orElse("never");
    }

    static String age(Duration age) {
        long s = Math.max(0, age.getSeconds());
        if (s < 60) {
            return s + "s ago";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s ago";
        }
        if (s < 86400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m ago";
        }
        return s / 86400 + "d " + s % 86400 / 3600 + "h ago";
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 MiB}. */
    static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        double value = count;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    static String allowedIps(PeerState peer) {
        return peer.allowedIps().isEmpty() ? "-" : peer.allowedIps().stream().map(Cidr::toString)
                .collect(Collectors.joining(", "));
    }

    static String keepalive(int seconds) {
        return seconds == 0 ? "off" : "every " + seconds + "s";
    }

    static String namespace(String name) {
        return name == null ? "(own)" : name;
    }
}
