package zos.networkd.mesh.internal;

import java.util.List;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.mesh.MeshAddressing;
import zos.networkd.api.mesh.MeshPeer;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.NrLayout;
import zos.networkd.api.wireguard.DeviceConfig;
import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.PeerConfig;
import zos.networkd.api.wireguard.PrivateKey;

/**
 * Everything one network resource should be on this node, computed from its record: names,
 * addresses, the WireGuard device and its configuration. Pure: building it changes nothing.
 */
record NrPlan(NetworkResource resource, NrLayout layout, PrivateKey privateKey, int listenPort, Cidr gateway4,
        Cidr gateway6, Cidr uplinkNode4, Cidr uplink4, Cidr uplinkNode6, Cidr uplink6, String nodeNamespace, int mtu) {

    static final Cidr GATEWAY_LINK_LOCAL = Cidr.parse("fe80::1/64");

    static NrPlan of(NrRecord record, NrNames names, MeshSettings settings) {
        NetworkResource r = record.resource();
        int index = record.uplinkIndex();
        return new NrPlan(r, names.layout(r.networkId(), index), record.privateKey(), record.listenPort(),
                MeshAddressing.gateway(r.subnet()), MeshAddressing.gatewayUla(r.networkId(), r.subnet()),
                names.uplinkNode4(index), names.uplink4(index), names.uplinkNode6(index), names.uplink6(index),
                settings.nodeNamespace(), settings.mtu());
    }

    String networkId() {
        return resource.networkId();
    }

    String namespace() {
        return layout.namespace();
    }

    /**
     * The device: socket in the node's namespace, interface in the resource's, with its address and
     * the routes of the whole network (IPv4 range and ULA /48). wireguard-go takes its TUN (and these)
     * with it when it dies; the WireGuard service restores exactly what is declared here.
     */
    DeviceSpec deviceSpec() {
        return new DeviceSpec(layout.wireguard(), nodeNamespace, layout.namespace(),
                List.of(MeshAddressing.wireguardAddress(resource.subnet())),
                List.of(resource.ipRange(), MeshAddressing.networkUla(resource.networkId())), mtu);
    }

    DeviceConfig deviceConfig() {
        List<PeerConfig> peers = resource.peers().stream().map(this::peerConfig).toList();
        return DeviceConfig.of(privateKey, listenPort, peers);
    }

    private PeerConfig peerConfig(MeshPeer peer) {
        return new PeerConfig(peer.publicKey(), null, peer.endpoint(), peer.routedPrefixes(resource.networkId()),
                peer.persistentKeepalive());
    }
}
