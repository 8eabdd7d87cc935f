package zos.networkd.wireguard.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PeerState;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.PublicKey;
import zos.networkd.wireguard.internal.ConfigDelta.PeerDelta;

/**
 * The kernel's wireguard family, byte for byte, against the layout of include/uapi/linux/wireguard.h
 * (attribute numbers, nesting, sockaddr and timespec structures). Expected bytes are written out by
 * hand here, not produced by the codec. Assumes a little-endian host (x86_64, arm64).
 */
class WireguardNetlinkTest {
    private static final int FAMILY_ID = 27;
    private static final byte[] KEY_11 = filled(0x11);
    private static final byte[] KEY_22 = filled(0x22);

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s", ""));
    }

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void setDeviceWithOnePeerMatchesTheHeaderLayout() {
        PeerDelta peer = new PeerDelta(PublicKey.of(KEY_11), false, null, false, Endpoint.parse("198.51.100.2:51821"),
                25, List.of(Cidr.parse("10.1.2.0/24")));
        ConfigDelta delta = new ConfigDelta(null, 51820, null, false, List.of(peer));
        List<NetlinkMessageWriter> messages = WireguardNetlink.set(FAMILY_ID, "wg0", delta);
        assertEquals(1, messages.size());
        byte[] actual = bytesOf(messages.get(0).finish(1, 0));

        String key = "11".repeat(32);
        byte[] expected = hex(
                "94000000 1b00 0500 01000000 00000000" // nlmsghdr: 148 bytes, type 27, REQUEST|ACK, seq 1, port 0
                + "01 01 0000"                         // genlmsghdr: WG_CMD_SET_DEVICE, version 1
                + "0800 0200 77673000"                 // WGDEVICE_A_IFNAME "wg0\0"
                + "0600 0600 6cca 0000"                // WGDEVICE_A_LISTEN_PORT 51820 (u16, host order) + pad
                + "7000 0880"                          // WGDEVICE_A_PEERS | NLA_F_NESTED, 112 bytes
                + "6c00 0080"                          //   peer 0 | NLA_F_NESTED, 108 bytes
                + "2400 0100" + key                    //     WGPEER_A_PUBLIC_KEY
                + "0800 0300 02000000"                 //     WGPEER_A_FLAGS = WGPEER_F_REPLACE_ALLOWEDIPS
                + "1400 0400 0200 ca6d c6336402 0000000000000000" // WGPEER_A_ENDPOINT sockaddr_in: AF_INET, port BE, addr
                + "0600 0500 1900 0000"                //     WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL 25 + pad
                + "2000 0980"                          //     WGPEER_A_ALLOWEDIPS | NLA_F_NESTED, 32 bytes
                + "1c00 0080"                          //       entry 0 | NLA_F_NESTED, 28 bytes
                + "0600 0100 0200 0000"                //         WGALLOWEDIP_A_FAMILY AF_INET + pad
                + "0800 0200 0a010200"                 //         WGALLOWEDIP_A_IPADDR 10.1.2.0
                + "0500 0300 18 000000");              //         WGALLOWEDIP_A_CIDR_MASK 24 + pad
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(actual));
    }

    @Test
    void fullConfigurationReplacesPeersAndSetsTheKey() {
        PrivateKey key = PrivateKey.of(filled(0x40));
        ConfigDelta delta = new ConfigDelta(key, 1, 7, true,
                List.of(PeerDelta.removal(PublicKey.of(KEY_22))));
        byte[] actual = bytesOf(WireguardNetlink.set(FAMILY_ID, "w", delta).get(0).finish(2, 0));
        byte[] expected = hex("8c000000 1b00 0500 02000000 00000000" + "01 01 0000"
                + "0600 0200 7700 0000"                 // IFNAME "w\0" + pad
                + "0800 0500 01000000"                  // WGDEVICE_A_FLAGS = WGDEVICE_F_REPLACE_PEERS
                + "2400 0300" + "40".repeat(32)         // WGDEVICE_A_PRIVATE_KEY
                + "0600 0600 0100 0000"                 // LISTEN_PORT 1
                + "0800 0700 07000000"                  // WGDEVICE_A_FWMARK 7
                + "3400 0880" + "3000 0080"             // PEERS, peer 0 (48 bytes)
                + "2400 0100" + "22".repeat(32)         //   PUBLIC_KEY
                + "0800 0300 01000000");                //   FLAGS = WGPEER_F_REMOVE_ME
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(actual));
    }

    @Test
    void ipv6EndpointIsASockaddrIn6AndPresharedKeyRemovalIsZeros() {
        byte[] sockaddr = WireguardNetlink.sockaddr(Endpoint.parse("[2001:db8::2]:443"));
        assertArrayEquals(hex("0a00 01bb 00000000 20010db8000000000000000000000002 00000000"), sockaddr);
        PeerDelta clear = new PeerDelta(PublicKey.of(KEY_11), false, null, true, null, null, null);
        byte[] actual = bytesOf(WireguardNetlink.set(FAMILY_ID, "w", new ConfigDelta(null, null, null, false,
                List.of(clear))).get(0).finish(3, 0));
        byte[] tail = Arrays.copyOfRange(actual, actual.length - 36, actual.length);
        assertArrayEquals(hex("2400 0200" + "00".repeat(32)), tail, "WGPEER_A_PRESHARED_KEY of zeros");
    }

    @Test
    void getDeviceIsADumpByName() {
        byte[] actual = bytesOf(WireguardNetlink.get(FAMILY_ID, "wg0").finish(4, 0));
        assertArrayEquals(hex("1c000000 1b00 0103 04000000 00000000" // REQUEST | NLM_F_DUMP (0x300)
                + "00 01 0000" + "0800 0200 77673000"), actual);
    }

    @Test
    void largeConfigurationsAreSplitAndContinuedPeersCarryOnlyKeyAndAllowedIps() {
        List<Cidr> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(Cidr.parse("10." + (i / 256) + "." + (i % 256) + ".0/24"));
        }
        List<PeerDelta> peers = new ArrayList<>();
        peers.add(new PeerDelta(PublicKey.of(KEY_11), false, null, false, null, 25, many));
        for (int i = 0; i < 100; i++) {
            byte[] k = filled(0x30);
            k[0] = (byte) i;
            peers.add(new PeerDelta(PublicKey.of(k), false, null, false, null, null, List.of(Cidr.parse("192.0.2.0/24"))));
        }
        List<NetlinkMessageWriter> messages = WireguardNetlink.set(FAMILY_ID, "wg0",
                new ConfigDelta(null, 51820, null, true, peers));
        assertTrue(messages.size() > 2, "split into " + messages.size());
        // reading what was sent back as the kernel would (the parse side coalesces the same way)
        List<NetlinkMessage> parsed = new ArrayList<>();
        int totalIps = 0;
        for (int i = 0; i < messages.size(); i++) {
            ByteBuffer bytes = messages.get(i).finish(i, 0);
            assertTrue(bytes.remaining() <= WireguardNetlink.MESSAGE_BUDGET + 256, "message " + i + ": " + bytes.remaining());
            NetlinkMessage m = NetlinkMessage.parseAll(bytes).get(0);
            var device = m.attributes(WireguardNetlink.GENL_HEADER_SIZE);
            assertEquals(i == 0, device.has(WireguardNetlink.WGDEVICE_A_FLAGS), "REPLACE_PEERS only in the first");
            assertEquals(i == 0, device.has(WireguardNetlink.WGDEVICE_A_LISTEN_PORT));
            assertEquals("wg0", device.string(WireguardNetlink.WGDEVICE_A_IFNAME).orElseThrow());
            for (var peer : device.nested(WireguardNetlink.WGDEVICE_A_PEERS).orElseThrow().all()) {
                var p = peer.nested();
                totalIps += p.nested(WireguardNetlink.WGPEER_A_ALLOWEDIPS).map(a -> a.size()).orElse(0);
                boolean continuation = Arrays.equals(p.get(WireguardNetlink.WGPEER_A_PUBLIC_KEY).orElseThrow().bytes(), KEY_11)
                        && !p.has(WireguardNetlink.WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL);
                if (continuation) {
                    assertTrue(!p.has(WireguardNetlink.WGPEER_A_FLAGS), "a continued peer appends, it does not replace");
                }
            }
            parsed.add(m);
        }
        assertEquals(500 + 100, totalIps);
    }

    // ---- GET_DEVICE dumps, built by hand ----

    private static final class Tlv {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Tlv attr(int type, byte[] payload) {
            int length = 4 + payload.length;
            ByteBuffer h = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) length).putShort((short) type);
            out.writeBytes(h.array());
            out.writeBytes(payload);
            out.writeBytes(new byte[(4 - length % 4) % 4]);
            return this;
        }

        Tlv nest(int type, Tlv inner) {
            return attr(type | 0x8000, inner.out.toByteArray());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static byte[] le16(int v) {
        return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static Tlv allowed(int family, byte[] address, int mask) {
        return new Tlv().attr(1, le16(family)).attr(2, address).attr(3, new byte[] {(byte) mask});
    }

    private static NetlinkMessage dumpMessage(Tlv attributes) {
        byte[] attrs = attributes.bytes();
        ByteBuffer m = ByteBuffer.allocate(16 + 4 + attrs.length).order(ByteOrder.LITTLE_ENDIAN);
        m.putInt(m.capacity()).putShort((short) FAMILY_ID).putShort((short) 0x2).putInt(9).putInt(0);
        m.put((byte) 0).put((byte) 1).putShort((short) 0).put(attrs);
        m.flip();
        return NetlinkMessage.parseAll(m).get(0);
    }

    @Test
    void getDeviceDumpIsCoalescedAcrossMessages() {
        PrivateKey key = PrivateKey.generate();
        byte[] timespec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1_700_000_000L).putLong(5).array();
        byte[] sockaddr6 = hex("0a00 ca6c 00000000 20010db8000000000000000000000002 00000000");
        Tlv peer1 = new Tlv().attr(1, KEY_11).attr(2, new byte[32]).attr(4, sockaddr6).attr(5, le16(20))
                .attr(6, timespec).attr(7, le64(1234)).attr(8, le64(5678))
                .nest(9, new Tlv().nest(0, allowed(2, hex("0a010200"), 24)))
                .attr(10, le32(1));
        // the first message: the device and the beginning of peer 1
        NetlinkMessage first = dumpMessage(new Tlv().attr(1, le32(7)).attr(2, "wg0\0".getBytes())
                .attr(3, key.revealBytes()).attr(4, key.publicKey().bytes()).attr(6, le16(51820)).attr(7, le32(0))
                .nest(8, new Tlv().nest(0, peer1)));
        // the second: peer 1 continued (key + allowed IPs only), then peer 2 without handshake
        Tlv peer1More = new Tlv().attr(1, KEY_11)
                .nest(9, new Tlv().nest(0, allowed(10, hex("fd123456789a00010000000000000000"), 64)));
        Tlv peer2 = new Tlv().attr(1, KEY_22).attr(2, filled(0x55)).attr(6, new byte[16]).attr(7, le64(0)).attr(8, le64(0));
        NetlinkMessage second = dumpMessage(new Tlv().attr(2, "wg0\0".getBytes())
                .nest(8, new Tlv().nest(0, peer1More).nest(0, peer2)));

        DeviceReading reading = WireguardNetlink.parseGet(List.of(first, second));
        assertEquals(key, reading.privateKey());
        assertEquals(key.publicKey(), reading.publicKey());
        assertEquals(51820, reading.listenPort());
        assertEquals(2, reading.peers().size());
        PeerState p1 = reading.peers().get(0).state();
        assertEquals(PublicKey.of(KEY_11), p1.publicKey());
        assertEquals(Endpoint.parse("[2001:db8::2]:51820"), p1.endpoint());
        assertEquals(20, p1.persistentKeepalive());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 5), p1.lastHandshake());
        assertEquals(1234, p1.rxBytes());
        assertEquals(5678, p1.txBytes());
        assertEquals(List.of(Cidr.parse("10.1.2.0/24"), Cidr.parse("fd12:3456:789a:1::/64")), p1.allowedIps());
        assertTrue(!p1.hasPresharedKey() && reading.peers().get(0).presharedKey() == null, "zeros = no preshared key");
        PeerState p2 = reading.peers().get(1).state();
        assertTrue(p2.hasPresharedKey());
        assertNull(p2.lastHandshake());
        assertNull(p2.endpoint());
    }
}
