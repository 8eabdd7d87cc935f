package zos.networkd.provision.internal;

import java.util.ArrayList;
import java.util.List;

import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.Peer;
import zos.networkd.api.mesh.MeshPeer;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PublicKey;

/** A grid network resource as the mesh's declaration of it. */
final class GridTranslation {
    private GridTranslation() {
    }

    /**
     * @throws IllegalArgumentException naming the network and the peer when a value the grid accepts
     *         is not one the mesh can use (a host name as endpoint, overlapping peers...)
     */
    static zos.networkd.api.mesh.NetworkResource toMesh(NetworkResource grid) {
        List<MeshPeer> peers = new ArrayList<>();
        for (int i = 0; i < grid.peers().size(); i++) {
            peers.add(toMesh(grid.netId(), i, grid.peers().get(i)));
        }
        return new zos.networkd.api.mesh.NetworkResource(grid.netId(), grid.name(), grid.ipRange(), grid.subnet(),
                grid.wgListenPort(), grid.wgPrivateKey() == null ? null : SealedKeyText.format(grid.wgPrivateKey()), peers);
    }

    private static MeshPeer toMesh(String netId, int index, Peer peer) {
        try {
            Endpoint endpoint = peer.endpoint().isEmpty() ? null : Endpoint.parse(peer.endpoint());
            return new MeshPeer(PublicKey.parse(peer.wgPublicKey()), peer.subnet(), peer.allowedIps(), endpoint,
                    MeshPeer.DEFAULT_KEEPALIVE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("network " + netId + ": peers[" + index + "] (" + peer.subnet() + "): "
                    + e.getMessage(), e);
        }
    }
}
