package zos.networkd.api.wireguard;

import java.util.List;
import java.util.Optional;

/**
 * A WireGuard device as it runs: where it lives and what the device itself reports. Never holds
 * the private key.
 *
 * @param spec where it lives (as created)
 * @param backend which implementation runs it
 * @param publicKey its public key
 * @param listenPort the UDP port it listens on
 * @param fwmark its firewall mark, 0 for none
 * @param peers its peers, in the device's order
 * @param pid the userspace process, 0 for a kernel device
 */
public record DeviceState(DeviceSpec spec, WireguardBackend backend, PublicKey publicKey, int listenPort, int fwmark,
        List<PeerState> peers, long pid) {

    public DeviceState {
        peers = List.copyOf(peers);
    }

    public String name() {
        return spec.name();
    }

    public Optional<PeerState> peer(PublicKey key) {
        return peers.stream().filter(p -> p.publicKey().equals(key)).findFirst();
    }
}
