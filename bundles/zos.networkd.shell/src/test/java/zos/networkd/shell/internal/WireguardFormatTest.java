package zos.networkd.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.PeerState;
import zos.networkd.api.wireguard.PrivateKey;

class WireguardFormatTest {
    @Test
    void handshakeAgesAndByteCounts() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        PeerState never = new PeerState(PrivateKey.generate().publicKey(), false, null, List.of(), 0, null, 0, 0);
        assertEquals("never", WireguardFormat.handshake(never, now));
        PeerState recent = new PeerState(never.publicKey(), false, null, List.of(Cidr.parse("10.0.0.0/24")), 25,
                now.minusSeconds(12), 1536, 3 * 1024 * 1024);
        assertEquals("12s ago", WireguardFormat.handshake(recent, now));
        assertEquals("3m 4s ago", WireguardFormat.age(Duration.ofSeconds(184)));
        assertEquals("2h 5m ago", WireguardFormat.age(Duration.ofMinutes(125)));
        assertEquals("1d 1h ago", WireguardFormat.age(Duration.ofHours(25)));
        assertEquals("512 B", WireguardFormat.bytes(512));
        assertEquals("1.5 KiB", WireguardFormat.bytes(1536));
        assertEquals("3.0 MiB", WireguardFormat.bytes(3 * 1024 * 1024));
        assertEquals("10.0.0.0/24", WireguardFormat.allowedIps(recent));
        assertEquals("every 25s", WireguardFormat.keepalive(25));
        assertEquals("off", WireguardFormat.keepalive(0));
        assertEquals("(own)", WireguardFormat.namespace(null));
    }
}
