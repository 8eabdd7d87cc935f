package zos.networkd.wireguard.internal;

import java.util.List;
import java.util.Optional;

import zos.networkd.api.wireguard.PeerState;
import zos.networkd.api.wireguard.PresharedKey;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.PublicKey;

/**
 * What a device reports, as both backends read it, with the secrets the diff needs (never shown).
 *
 * @param privateKey the device's private key, null when it has none
 * @param publicKey its public key, null when it has no private key
 * @param listenPort its listen port (0 while it has none)
 * @param fwmark its fwmark
 * @param peers its peers
 */
record DeviceReading(PrivateKey privateKey, PublicKey publicKey, int listenPort, int fwmark, List<PeerReading> peers) {

    DeviceReading {
        peers = List.copyOf(peers);
    }

    /** One peer and its preshared key (null for none). */
    record PeerReading(PeerState state, PresharedKey presharedKey) {
    }

    Optional<PeerReading> peer(PublicKey key) {
        return peers.stream().filter(p -> p.state().publicKey().equals(key)).findFirst();
    }

    List<PeerState> peerStates() {
        return peers.stream().map(PeerReading::state).toList();
    }
}
