package zos.networkd.wireguard.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PeerState;
import zos.networkd.api.wireguard.PresharedKey;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.PublicKey;
import zos.networkd.wireguard.internal.ConfigDelta.PeerDelta;
import zos.networkd.wireguard.internal.DeviceReading.PeerReading;

/**
 * The cross-platform userspace configuration protocol (wireguard.com/xplatform) as text: a
 * {@code set=1} body from a {@link ConfigDelta}, a {@link DeviceReading} from a {@code get=1}
 * answer. Keys are hex there. Pure, no I/O.
 */
final class Uapi {
    private static final String ZERO_KEY = "0".repeat(64);

    private Uapi() {
    }

    /** The {@code set=1} request, including its first line and the empty line that ends it. */
    static String set(ConfigDelta delta) {
        StringBuilder s = new StringBuilder("set=1\n");
        if (delta.privateKey() != null) {
            s.append("private_key=").append(delta.privateKey().revealHex()).append('\n');
        }
        if (delta.listenPort() != null) {
            s.append("listen_port=").append(delta.listenPort()).append('\n');
        }
        if (delta.fwmark() != null) {
            s.append("fwmark=").append(delta.fwmark()).append('\n');
        }
        if (delta.replacePeers()) {
            s.append("replace_peers=true\n");
        }
        for (PeerDelta p : delta.peers()) {
            s.append("public_key=").append(p.publicKey().hex()).append('\n');
            if (p.remove()) {
                s.append("remove=true\n");
                continue;
            }
            if (p.presharedKey() != null) {
                s.append("preshared_key=").append(p.presharedKey().revealHex()).append('\n');
            } else if (p.removePresharedKey()) {
                s.append("preshared_key=").append(ZERO_KEY).append('\n');
            }
            if (p.endpoint() != null) {
                s.append("endpoint=").append(p.endpoint()).append('\n');
            }
            if (p.persistentKeepalive() != null) {
                s.append("persistent_keepalive_interval=").append(p.persistentKeepalive()).append('\n');
            }
            if (p.allowedIps() != null) {
                s.append("replace_allowed_ips=true\n");
                for (Cidr cidr : p.allowedIps()) {
                    s.append("allowed_ip=").append(cidr).append('\n');
                }
            }
        }
        return s.append('\n').toString();
    }

    static final String GET = "get=1\n\n";

    /** The errno of an answer ({@code errno=N} line); -1 when there is none. */
    static int errno(String answer) {
        for (String line : answer.split("\n")) {
            if (line.startsWith("errno=")) {
                try {
                    return Integer.parseInt(line.substring("errno=".length()).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Parses a {@code get=1} answer. Unknown keys are skipped (newer versions add some). */
    static DeviceReading parseGet(String answer) {
        PrivateKey privateKey = null;
        int listenPort = 0;
        int fwmark = 0;
        List<PeerReading> peers = new ArrayList<>();
        PeerBuilder peer = null;
        for (String line : answer.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException("UAPI answer line without '=' (" + line.length() + " characters)");
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            switch (key) {
                case "private_key" -> privateKey = value.equals(ZERO_KEY) ? null : PrivateKey.ofHex(value);
                case "listen_port" -> listenPort = Integer.parseInt(value);
                case "fwmark" -> fwmark = Integer.parseUnsignedInt(value);
                case "public_key" -> {
                    if (peer != null) {
                        peers.add(peer.build());
                    }
                    peer = new PeerBuilder(PublicKey.ofHex(value));
                }
                case "errno" -> {
                    // the end of the answer
                }
                default -> {
                    if (peer != null) {
                        peer.accept(key, value);
                    }
                }
            }
        }
        if (peer != null) {
            peers.add(peer.build());
        }
        return new DeviceReading(privateKey, privateKey == null ? null : privateKey.publicKey(), listenPort, fwmark,
                peers);
    }

    private static final class PeerBuilder {
        final PublicKey key;
        PresharedKey psk;
        Endpoint endpoint;
        final List<Cidr> allowed = new ArrayList<>();
        int keepalive;
        long handshakeSeconds;
        long handshakeNanos;
        long rx;
        long tx;

        PeerBuilder(PublicKey key) {
            this.key = key;
        }

        void accept(String key, String value) {
            switch (key) {
                case "preshared_key" -> psk = PresharedKey.ofHexOrNull(value);
                case "endpoint" -> endpoint = Endpoint.parse(value);
                case "allowed_ip" -> allowed.add(Cidr.parse(value));
                case "persistent_keepalive_interval" -> keepalive = Integer.parseInt(value);
                case "last_handshake_time_sec" -> handshakeSeconds = Long.parseLong(value);
                case "last_handshake_time_nsec" -> handshakeNanos = Long.parseLong(value);
                case "rx_bytes" -> rx = Long.parseLong(value);
                case "tx_bytes" -> tx = Long.parseLong(value);
                default -> {
                    // protocol_version and keys of newer versions
                }
            }
        }

        PeerReading build() {
            Instant handshake = handshakeSeconds == 0 && handshakeNanos == 0 ? null
                    : Instant.ofEpochSecond(handshakeSeconds, handshakeNanos);
            return new PeerReading(new PeerState(key, psk != null, endpoint, allowed, keepalive, handshake, rx, tx), psk);
        }
    }
}
