package zos.networkd.wireguard.internal;

import java.util.List;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PresharedKey;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.api.wireguard.PublicKey;

/**
 * The changes one "set" carries to a device, in the terms both backends share (UAPI {@code set=1}
 * and the kernel's {@code WG_CMD_SET_DEVICE} have the same model). Null fields stay as they are.
 *
 * @param privateKey new private key, null to keep
 * @param listenPort new listen port, null to keep
 * @param fwmark new fwmark, null to keep
 * @param replacePeers remove every peer not listed (only when a device is configured from scratch)
 * @param peers the peers to add, change or remove
 */
record ConfigDelta(PrivateKey privateKey, Integer listenPort, Integer fwmark, boolean replacePeers,
        List<PeerDelta> peers) {

    ConfigDelta {
        peers = List.copyOf(peers);
    }

    boolean isEmpty() {
        return privateKey == null && listenPort == null && fwmark == null && !replacePeers && peers.isEmpty();
    }

    /**
     * One peer's change.
     *
     * @param publicKey the peer
     * @param remove remove it (nothing else is set)
     * @param presharedKey new preshared key, null to keep ({@link #removePresharedKey} to clear)
     * @param removePresharedKey clear the preshared key
     * @param endpoint new endpoint, null to keep
     * @param persistentKeepalive new keepalive, null to keep
     * @param allowedIps the allowed IPs that replace the peer's, null to keep
     */
    record PeerDelta(PublicKey publicKey, boolean remove, PresharedKey presharedKey, boolean removePresharedKey,
            Endpoint endpoint, Integer persistentKeepalive, List<Cidr> allowedIps) {

        static PeerDelta removal(PublicKey key) {
            return new PeerDelta(key, true, null, false, null, null, null);
        }

        boolean changesNothing() {
            return !remove && presharedKey == null && !removePresharedKey && endpoint == null
                    && persistentKeepalive == null && allowedIps == null;
        }
    }
}
