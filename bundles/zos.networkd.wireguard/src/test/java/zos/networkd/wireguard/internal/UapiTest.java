package zos.networkd.wireguard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PeerState;
import zos.networkd.api.wireguard.PresharedKey;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.PublicKey;
import zos.networkd.wireguard.internal.ConfigDelta.PeerDelta;

/** The UAPI text protocol as wireguard.com/xplatform specifies it. */
class UapiTest {
    private static PublicKey key(int b) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) b);
        return PublicKey.of(bytes);
    }

    @Test
    void setCarriesOnlyTheChangeInProtocolOrder() {
        PrivateKey privateKey = PrivateKey.generate();
        PresharedKey psk = PresharedKey.generate();
        ConfigDelta delta = new ConfigDelta(privateKey, 51820, 0, true, List.of(
                new PeerDelta(key(0x11), false, psk, false, Endpoint.parse("[2001:db8::2]:51821"), 25,
                        List.of(Cidr.parse("10.1.2.0/24"), Cidr.parse("fd00::/64"))),
                new PeerDelta(key(0x22), false, null, false, null, null, null),
                new PeerDelta(key(0x33), false, null, true, null, null, null),
                PeerDelta.removal(key(0x44))));
        String expected = "set=1\n"
                + "private_key=" + privateKey.revealHex() + "\n"
                + "listen_port=51820\n"
                + "fwmark=0\n"
                + "replace_peers=true\n"
                + "public_key=" + "11".repeat(32) + "\n"
                + "preshared_key=" + psk.revealHex() + "\n"
                + "endpoint=[2001:db8::2]:51821\n"
                + "persistent_keepalive_interval=25\n"
                + "replace_allowed_ips=true\n"
                + "allowed_ip=10.1.2.0/24\n"
                + "allowed_ip=fd00::/64\n"
                + "public_key=" + "22".repeat(32) + "\n"
                + "public_key=" + "33".repeat(32) + "\n"
                + "preshared_key=" + "0".repeat(64) + "\n"
                + "public_key=" + "44".repeat(32) + "\n"
                + "remove=true\n"
                + "\n";
        assertEquals(expected, Uapi.set(delta));
        assertEquals("set=1\n\n", Uapi.set(new ConfigDelta(null, null, null, false, List.of())));
    }

    @Test
    void getAnswerIsParsedWithCountersAndHandshake() {
        PrivateKey privateKey = PrivateKey.generate();
        String answer = "private_key=" + privateKey.revealHex() + "\n"
                + "listen_port=51820\n"
                + "fwmark=3\n"
                + "public_key=" + "11".repeat(32) + "\n"
                + "preshared_key=" + "0".repeat(64) + "\n"
                + "protocol_version=1\n"
                + "endpoint=198.51.100.2:51821\n"
                + "last_handshake_time_sec=1700000000\n"
                + "last_handshake_time_nsec=42\n"
                + "tx_bytes=100\n"
                + "rx_bytes=200\n"
                + "persistent_keepalive_interval=25\n"
                + "allowed_ip=10.1.2.0/24\n"
                + "allowed_ip=fd00::/64\n"
                + "public_key=" + "22".repeat(32) + "\n"
                + "preshared_key=" + "ab".repeat(32) + "\n"
                + "last_handshake_time_sec=0\n"
                + "last_handshake_time_nsec=0\n"
                + "tx_bytes=0\n"
                + "rx_bytes=0\n"
                + "persistent_keepalive_interval=0\n"
                + "errno=0\n\n";
        assertEquals(0, Uapi.errno(answer));
        DeviceReading reading = Uapi.parseGet(answer);
        assertEquals(privateKey, reading.privateKey());
        assertEquals(privateKey.publicKey(), reading.publicKey());
        assertEquals(51820, reading.listenPort());
        assertEquals(3, reading.fwmark());
        PeerState first = reading.peers().get(0).state();
        assertEquals(key(0x11), first.publicKey());
        assertFalse(first.hasPresharedKey());
        assertEquals(Endpoint.parse("198.51.100.2:51821"), first.endpoint());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 42), first.lastHandshake());
        assertEquals(200, first.rxBytes());
        assertEquals(100, first.txBytes());
        assertEquals(25, first.persistentKeepalive());
        assertEquals(List.of(Cidr.parse("10.1.2.0/24"), Cidr.parse("fd00::/64")), first.allowedIps());
        PeerState second = reading.peers().get(1).state();
        assertTrue(second.hasPresharedKey());
        assertNull(second.lastHandshake());
        assertNull(second.endpoint());
        assertEquals(-98, Uapi.errno("errno=-98\n\n"));
    }
}
