package zos.networkd.wireguard.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import zos.networkd.api.wireguard.DeviceConfig;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PeerConfig;
import zos.networkd.api.wireguard.PresharedKey;
import zos.networkd.api.wireguard.PublicKey;
import zos.networkd.wireguard.internal.ConfigDelta.PeerDelta;
import zos.networkd.wireguard.internal.DeviceReading.PeerReading;

/**
 * What must change on a running device to reach a configuration: only what differs, so that peers
 * keep their sessions (no {@code replace_peers}, no flush).
 *
 * <p>Endpoints are special: WireGuard roams, so the live endpoint of a peer may rightly differ from
 * the configured one. An endpoint is (re)set only when the peer is new, has none, or when the
 * configured endpoint itself changed since the last apply.
 */
final class ConfigDiff {
    private ConfigDiff() {
    }

    /** Everything, for a device that has just been created (or restarted) and holds nothing yet. */
    static ConfigDelta full(DeviceConfig config) {
        List<PeerDelta> peers = new ArrayList<>();
        for (PeerConfig p : config.peers()) {
            peers.add(new PeerDelta(p.publicKey(), false, p.presharedKey(), false, p.endpoint(),
                    p.persistentKeepalive(), p.allowedIps()));
        }
        return new ConfigDelta(config.privateKey(), config.listenPort(), config.fwmark(), true, peers);
    }

    /**
     * @param previous the configuration applied last time, null when unknown
     * @param live what the device reports
     * @param desired where it should be
     */
    static ConfigDelta between(DeviceConfig previous, DeviceReading live, DeviceConfig desired) {
        boolean keyChanges = live.privateKey() == null || !live.privateKey().equals(desired.privateKey());
        Integer port = live.listenPort() == desired.listenPort() ? null : desired.listenPort();
        Integer fwmark = live.fwmark() == desired.fwmark() ? null : desired.fwmark();

        List<PeerDelta> peers = new ArrayList<>();
        Set<PublicKey> wanted = new HashSet<>();
        for (PeerConfig want : desired.peers()) {
            wanted.add(want.publicKey());
            PeerReading have = live.peer(want.publicKey()).orElse(null);
            if (have == null) {
                peers.add(new PeerDelta(want.publicKey(), false, want.presharedKey(), false, want.endpoint(),
                        want.persistentKeepalive(), want.allowedIps()));
                continue;
            }
            PeerDelta change = peerChange(previousPeer(previous, want.publicKey()), have, want);
            if (!change.changesNothing()) {
                peers.add(change);
            }
        }
        for (PeerReading have : live.peers()) {
            if (!wanted.contains(have.state().publicKey())) {
                peers.add(PeerDelta.removal(have.state().publicKey()));
            }
        }
        return new ConfigDelta(keyChanges ? desired.privateKey() : null, port, fwmark, false, peers);
    }

    private static PeerConfig previousPeer(DeviceConfig previous, PublicKey key) {
        if (previous == null) {
            return null;
        }
        return previous.peers().stream().filter(p -> p.publicKey().equals(key)).findFirst().orElse(null);
    }

    private static PeerDelta peerChange(PeerConfig before, PeerReading have, PeerConfig want) {
        PresharedKey psk = null;
        boolean removePsk = false;
        if (!Objects.equals(have.presharedKey(), want.presharedKey())) {
            psk = want.presharedKey();
            removePsk = psk == null;
        }
        Endpoint endpoint = null;
        Endpoint live = have.state().endpoint();
        if (want.endpoint() != null && !want.endpoint().equals(live)) {
            boolean configuredChanged = before == null || !want.endpoint().equals(before.endpoint());
            if (live == null || configuredChanged) {
                endpoint = want.endpoint();
            }
        }
        Integer keepalive = have.state().persistentKeepalive() == want.persistentKeepalive() ? null
                : want.persistentKeepalive();
        List<zos.networkd.api.host.Cidr> allowed = new HashSet<>(have.state().allowedIps())
                .equals(new HashSet<>(want.allowedIps())) ? null : want.allowedIps();
        return new PeerDelta(want.publicKey(), false, psk, removePsk, endpoint, keepalive, allowed);
    }
}
