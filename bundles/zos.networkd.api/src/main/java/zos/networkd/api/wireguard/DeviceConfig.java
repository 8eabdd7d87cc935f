package zos.networkd.api.wireguard;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole configuration of a WireGuard device. {@link #toString()} never shows the private key.
 *
 * @param privateKey the device's private key
 * @param listenPort UDP port it listens on, 1..65535 (the port leases hand them out)
 * @param fwmark firewall mark of its outgoing packets, 0 for none
 * @param peers its peers, each public key once, never the device's own
 */
public record DeviceConfig(PrivateKey privateKey, int listenPort, int fwmark, List<PeerConfig> peers) {

    public DeviceConfig {
        if (privateKey == null) {
            throw new IllegalArgumentException("WireGuard device configuration without private key");
        }
        if (listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("WireGuard listen port " + listenPort + " out of 1..65535");
        }
        peers = peers == null ? List.of() : List.copyOf(peers);
        Set<PublicKey> seen = new HashSet<>();
        PublicKey own = privateKey.publicKey();
        for (PeerConfig peer : peers) {
            if (peer == null) {
                throw new IllegalArgumentException("WireGuard device configuration with a null peer");
            }
            if (!seen.add(peer.publicKey())) {
                throw new IllegalArgumentException("WireGuard peer " + peer.publicKey() + " is listed twice");
            }
            if (peer.publicKey().equals(own)) {
                throw new IllegalArgumentException("WireGuard peer " + peer.publicKey() + " is the device's own key");
            }
        }
    }

    public static DeviceConfig of(PrivateKey privateKey, int listenPort, List<PeerConfig> peers) {
        return new DeviceConfig(privateKey, listenPort, 0, peers);
    }

    public PublicKey publicKey() {
        return privateKey.publicKey();
    }

    public DeviceConfig withPeers(List<PeerConfig> newPeers) {
        return new DeviceConfig(privateKey, listenPort, fwmark, newPeers);
    }

    public DeviceConfig withListenPort(int port) {
        return new DeviceConfig(privateKey, port, fwmark, peers);
    }
}
