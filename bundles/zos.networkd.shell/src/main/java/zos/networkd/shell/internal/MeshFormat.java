package zos.networkd.shell.internal;

import java.time.Duration;
import java.time.Instant;

import zos.networkd.api.mesh.NrStatus;
import zos.networkd.api.wireguard.PeerState;

/** How the mesh commands show a resource's health. */
final class MeshFormat {
    /** A peer without a handshake for this long is down (what NetBird and innernet use). */
    static final Duration PEER_DOWN_AFTER = Duration.ofSeconds(180);

    private MeshFormat() {
    }

    static boolean up(PeerState peer, Instant now) {
        return peer.handshakeAge(now).map(age -> age.compareTo(PEER_DOWN_AFTER) < 0).orElse(false);
    }

    /** {@code 2/3}: peers with a handshake in the last 180 s, of all. */
    static String peersUp(NrStatus s, Instant now) {
        long up = s.peers().stream().filter(p -> up(p, now)).count();
        return up + "/" + s.resource().peers().size();
    }

    static String state(NrStatus s) {
        return s.problems().isEmpty() ? "ok" : s.problems().size() + " problem(s)";
    }
}
