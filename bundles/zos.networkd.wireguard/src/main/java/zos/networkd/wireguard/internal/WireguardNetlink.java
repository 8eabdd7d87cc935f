package zos.networkd.wireguard.internal;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.netlink.Netlink;
import zos.networkd.api.netlink.NetlinkAttributes;
import zos.networkd.api.netlink.NetlinkAttributes.Attribute;
import zos.networkd.api.netlink.NetlinkFormatException;
import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PeerState;
import zos.networkd.api.wireguard.PresharedKey;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.PublicKey;
import zos.networkd.wireguard.internal.ConfigDelta.PeerDelta;
import zos.networkd.wireguard.internal.DeviceReading.PeerReading;

/**
 * The kernel's generic netlink {@code wireguard} family ({@code include/uapi/linux/wireguard.h}):
 * {@code WG_CMD_SET_DEVICE} requests from a {@link ConfigDelta} (split over several messages when
 * it is large, as the header prescribes) and {@link DeviceReading}s from {@code WG_CMD_GET_DEVICE}
 * dumps (peers and allowed IPs coalesced across messages). Pure, no I/O.
 */
final class WireguardNetlink {
    static final String FAMILY = "wireguard";
    static final int VERSION = 1;
    static final int KEY_LENGTH = 32;
    /** struct genlmsghdr. */
    static final int GENL_HEADER_SIZE = 4;

    static final int WG_CMD_GET_DEVICE = 0;
    static final int WG_CMD_SET_DEVICE = 1;

    static final int WGDEVICE_F_REPLACE_PEERS = 1;
    static final int WGDEVICE_A_IFINDEX = 1;
    static final int WGDEVICE_A_IFNAME = 2;
    static final int WGDEVICE_A_PRIVATE_KEY = 3;
    static final int WGDEVICE_A_PUBLIC_KEY = 4;
    static final int WGDEVICE_A_FLAGS = 5;
    static final int WGDEVICE_A_LISTEN_PORT = 6;
    static final int WGDEVICE_A_FWMARK = 7;
    static final int WGDEVICE_A_PEERS = 8;

    static final int WGPEER_F_REMOVE_ME = 1;
    static final int WGPEER_F_REPLACE_ALLOWEDIPS = 2;
    static final int WGPEER_A_PUBLIC_KEY = 1;
    static final int WGPEER_A_PRESHARED_KEY = 2;
    static final int WGPEER_A_FLAGS = 3;
    static final int WGPEER_A_ENDPOINT = 4;
    static final int WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL = 5;
    static final int WGPEER_A_LAST_HANDSHAKE_TIME = 6;
    static final int WGPEER_A_RX_BYTES = 7;
    static final int WGPEER_A_TX_BYTES = 8;
    static final int WGPEER_A_ALLOWEDIPS = 9;

    static final int WGALLOWEDIP_A_FAMILY = 1;
    static final int WGALLOWEDIP_A_IPADDR = 2;
    static final int WGALLOWEDIP_A_CIDR_MASK = 3;

    /** Bytes of peers per message: well inside a nested attribute's 64 KiB and the kernel's page-sized buffers. */
    static final int MESSAGE_BUDGET = 8192;
    /** Upper bound of one allowed IP's nest (IPv6): 4 + 8 + 20 + 8. */
    private static final int ALLOWED_IP_SIZE = 40;
    /** Upper bound of a peer's nest without allowed IPs. */
    private static final int PEER_SIZE = 4 + 36 + 8 + 36 + 32 + 8 + 4;

    private WireguardNetlink() {
    }

    private static NetlinkMessageWriter message(int familyId, int command, int flags) {
        NetlinkMessageWriter w = new NetlinkMessageWriter(familyId, flags);
        w.putU8(command).putU8(VERSION).putU16(0);
        return w;
    }

    /** The dump that reads one device. */
    static NetlinkMessageWriter get(int familyId, String ifname) {
        NetlinkMessageWriter w = message(familyId, WG_CMD_GET_DEVICE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
        w.putString(WGDEVICE_A_IFNAME, ifname);
        return w;
    }

    /** The {@code WG_CMD_SET_DEVICE} messages that apply {@code delta}, in order. */
    static List<NetlinkMessageWriter> set(int familyId, String ifname, ConfigDelta delta) {
        List<NetlinkMessageWriter> messages = new ArrayList<>();
        NetlinkMessageWriter w = startSet(familyId, ifname);
        if (delta.replacePeers()) {
            w.putU32(WGDEVICE_A_FLAGS, WGDEVICE_F_REPLACE_PEERS);
        }
        if (delta.privateKey() != null) {
            w.putAttribute(WGDEVICE_A_PRIVATE_KEY, delta.privateKey().revealBytes());
        }
        if (delta.listenPort() != null) {
            w.putU16(WGDEVICE_A_LISTEN_PORT, delta.listenPort());
        }
        if (delta.fwmark() != null) {
            w.putU32(WGDEVICE_A_FWMARK, delta.fwmark());
        }
        int used = 0;
        int peersNest = -1;
        int maxIpsPerFragment = (MESSAGE_BUDGET - PEER_SIZE) / ALLOWED_IP_SIZE;
        for (PeerDelta peer : delta.peers()) {
            List<Cidr> ips = peer.allowedIps() == null ? List.of() : peer.allowedIps();
            int first = 0;
            boolean firstFragment = true;
            do {
                int count = Math.min(ips.size() - first, maxIpsPerFragment);
                int size = PEER_SIZE + count * ALLOWED_IP_SIZE;
                if (peersNest >= 0 && used + size > MESSAGE_BUDGET) {
                    w.endNested(peersNest);
                    messages.add(w);
                    w = startSet(familyId, ifname);
                    peersNest = -1;
                    used = 0;
                }
                if (peersNest < 0) {
                    peersNest = w.beginNested(WGDEVICE_A_PEERS);
                }
                putPeer(w, peer, ips.subList(first, first + count), firstFragment);
                used += size;
                first += count;
                firstFragment = false;
            } while (first < ips.size());
        }
        if (peersNest >= 0) {
            w.endNested(peersNest);
        }
        messages.add(w);
        return messages;
    }

    private static NetlinkMessageWriter startSet(int familyId, String ifname) {
        NetlinkMessageWriter w = message(familyId, WG_CMD_SET_DEVICE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        w.putString(WGDEVICE_A_IFNAME, ifname);
        return w;
    }

    /**
     * One peer nest. A continuation fragment (not {@code first}) carries only the public key and
     * more allowed IPs, without flags, so it appends to what the first fragment set.
     */
    private static void putPeer(NetlinkMessageWriter w, PeerDelta peer, List<Cidr> ips, boolean first) {
        int nest = w.beginNested(0);
        w.putAttribute(WGPEER_A_PUBLIC_KEY, peer.publicKey().bytes());
        if (first) {
            int flags = (peer.remove() ? WGPEER_F_REMOVE_ME : 0)
                    | (peer.allowedIps() != null ? WGPEER_F_REPLACE_ALLOWEDIPS : 0);
            if (flags != 0) {
                w.putU32(WGPEER_A_FLAGS, flags);
            }
            if (peer.presharedKey() != null) {
                w.putAttribute(WGPEER_A_PRESHARED_KEY, peer.presharedKey().revealBytes());
            } else if (peer.removePresharedKey()) {
                w.putAttribute(WGPEER_A_PRESHARED_KEY, new byte[KEY_LENGTH]);
            }
            if (peer.endpoint() != null) {
                w.putAttribute(WGPEER_A_ENDPOINT, sockaddr(peer.endpoint()));
            }
            if (peer.persistentKeepalive() != null) {
                w.putU16(WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, peer.persistentKeepalive());
            }
        }
        if (!ips.isEmpty()) {
            int list = w.beginNested(WGPEER_A_ALLOWEDIPS);
            for (Cidr cidr : ips) {
                int entry = w.beginNested(0);
                w.putU16(WGALLOWEDIP_A_FAMILY, cidr.family().code());
                w.putAttribute(WGALLOWEDIP_A_IPADDR, cidr.address().getAddress());
                w.putU8(WGALLOWEDIP_A_CIDR_MASK, cidr.prefixLength());
                w.endNested(entry);
            }
            w.endNested(list);
        }
        w.endNested(nest);
    }

    /** {@code struct sockaddr_in} (16 bytes) or {@code struct sockaddr_in6} (28): family in host order, port big-endian. */
    static byte[] sockaddr(Endpoint endpoint) {
        byte[] address = endpoint.address().getAddress();
        boolean v6 = endpoint.family() == AddressFamily.IPV6;
        ByteBuffer b = ByteBuffer.allocate(v6 ? 28 : 16).order(ByteOrder.nativeOrder());
        b.putShort((short) endpoint.family().code());
        b.put((byte) (endpoint.port() >>> 8)).put((byte) endpoint.port());
        if (v6) {
            b.putInt(0); // sin6_flowinfo
            b.put(address);
            b.putInt(0); // sin6_scope_id
        } else {
            b.put(address);
        }
        return b.array();
    }

    static Endpoint parseSockaddr(Attribute attribute) {
        byte[] raw = attribute.bytes();
        if (raw.length < 4) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        int family = b.getShort(0) & 0xffff;
        int port = ((raw[2] & 0xff) << 8) | (raw[3] & 0xff);
        byte[] address;
        if (family == AddressFamily.IPV4.code() && raw.length >= 8) {
            address = java.util.Arrays.copyOfRange(raw, 4, 8);
        } else if (family == AddressFamily.IPV6.code() && raw.length >= 24) {
            address = java.util.Arrays.copyOfRange(raw, 8, 24);
        } else {
            return null; // AF_UNSPEC: no endpoint
        }
        return port == 0 ? null : new Endpoint(IpAddresses.fromBytes(address), port);
    }

    /** Coalesces the messages of a {@code WG_CMD_GET_DEVICE} dump into one reading. */
    static DeviceReading parseGet(List<NetlinkMessage> messages) {
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        int listenPort = 0;
        int fwmark = 0;
        List<PeerAccumulator> peers = new ArrayList<>();
        for (NetlinkMessage m : messages) {
            NetlinkAttributes device = m.attributes(GENL_HEADER_SIZE);
            var privateAttr = device.get(WGDEVICE_A_PRIVATE_KEY);
            if (privateAttr.isPresent()) {
                byte[] bytes = privateAttr.get().bytes();
                privateKey = isZero(bytes) ? null : PrivateKey.of(bytes);
            }
            var publicAttr = device.get(WGDEVICE_A_PUBLIC_KEY);
            if (publicAttr.isPresent() && !isZero(publicAttr.get().bytes())) {
                publicKey = PublicKey.of(publicAttr.get().bytes());
            }
            if (device.has(WGDEVICE_A_LISTEN_PORT)) {
                listenPort = device.u16(WGDEVICE_A_LISTEN_PORT).getAsInt();
            }
            if (device.has(WGDEVICE_A_FWMARK)) {
                fwmark = device.u32(WGDEVICE_A_FWMARK).getAsInt();
            }
            var peerList = device.nested(WGDEVICE_A_PEERS);
            if (peerList.isEmpty()) {
                continue;
            }
            for (Attribute entry : peerList.get().all()) {
                NetlinkAttributes peer = entry.nested();
                PublicKey key = PublicKey.of(peer.get(WGPEER_A_PUBLIC_KEY)
                        .orElseThrow(() -> new NetlinkFormatException("WireGuard peer without public key")).bytes());
                PeerAccumulator current = peers.isEmpty() ? null : peers.get(peers.size() - 1);
                if (current == null || !current.key.equals(key)) {
                    current = new PeerAccumulator(key);
                    peers.add(current);
                }
                current.accept(peer);
            }
        }
        if (publicKey == null && privateKey != null) {
            publicKey = privateKey.publicKey();
        }
        return new DeviceReading(privateKey, publicKey, listenPort, fwmark,
                peers.stream().map(PeerAccumulator::build).toList());
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static final class PeerAccumulator {
        final PublicKey key;
        PresharedKey psk;
        Endpoint endpoint;
        int keepalive;
        Instant handshake;
        long rx;
        long tx;
        final List<Cidr> allowed = new ArrayList<>();

        PeerAccumulator(PublicKey key) {
            this.key = key;
        }

        void accept(NetlinkAttributes peer) {
            peer.get(WGPEER_A_PRESHARED_KEY).ifPresent(a -> psk = PresharedKey.ofBytesOrNull(a.bytes()));
            peer.get(WGPEER_A_ENDPOINT).ifPresent(a -> endpoint = parseSockaddr(a));
            peer.u16(WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL).ifPresent(v -> keepalive = v);
            peer.get(WGPEER_A_LAST_HANDSHAKE_TIME).ifPresent(a -> {
                ByteBuffer b = ByteBuffer.wrap(a.bytes()).order(ByteOrder.nativeOrder());
                long seconds = b.getLong(0);
                long nanos = b.getLong(8);
                handshake = seconds == 0 && nanos == 0 ? null : Instant.ofEpochSecond(seconds, nanos);
            });
            peer.u64(WGPEER_A_RX_BYTES).ifPresent(v -> rx = v);
            peer.u64(WGPEER_A_TX_BYTES).ifPresent(v -> tx = v);
            peer.nested(WGPEER_A_ALLOWEDIPS).ifPresent(list -> {
                for (Attribute entry : list.all()) {
                    NetlinkAttributes ip = entry.nested();
                    InetAddress address = ip.address(WGALLOWEDIP_A_IPADDR)
                            .orElseThrow(() -> new NetlinkFormatException("allowed IP without address"));
                    allowed.add(new Cidr(address, ip.u8(WGALLOWEDIP_A_CIDR_MASK).orElse(0)));
                }
            });
        }

        PeerReading build() {
            return new PeerReading(new PeerState(key, psk != null, endpoint, allowed, keepalive, handshake, rx, tx), psk);
        }
    }
}
