package zos.networkd.mesh.internal;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.mesh.NrLayout;

/**
 * The names of a network resource's parts: {@code zm} + a letter for the kind + 10 hex digits of
 * SHA-256(node key, network id). 13 characters: within IFNAMSIZ; different for every node and
 * network, also when several nodes share one machine (wireguard-go's control sockets and named
 * namespaces are machine-wide). Every link the mesh makes in the node's namespace starts with
 * {@value #NODE_LINK_PREFIX}, which the node's nftables rules match.
 *
 * <pre>
 * zmn… namespace (after the configured prefix)   zmb… bridge (node)      zmv… bridge port (node)
 * zmg… gateway (resource)   zmx… uplink (node)   zmu… uplink (resource)  zmw… WireGuard
 * zmj… + 12 hex: a workload's veth on the bridge (node)
 * </pre>
 */
final class NrNames {
    static final String NODE_LINK_PREFIX = "zm";
    static final String UPLINK_NODE_PREFIX = "zmx";
    static final String BRIDGE_PREFIX = "zmb";
    static final String WORKLOAD_LINK_PREFIX = "zmj";
    static final String NFT_TABLE = "zos-nr";
    static final String NODE_NFT_TABLE = "zos-mesh";

    private final MeshSettings settings;

    NrNames(MeshSettings settings) {
        this.settings = settings;
    }

    String hash(String networkId) {
        return MeshSettings.hex(settings.nodeKey() + "\0" + networkId, 5);
    }

    NrLayout layout(String networkId, int uplinkIndex) {
        String h = hash(networkId);
        return new NrLayout(settings.namespacePrefix() + "zmn" + h, BRIDGE_PREFIX + h, "zmv" + h, "zmg" + h,
                UPLINK_NODE_PREFIX + h,
                "zmu" + h, "zmw" + h, NFT_TABLE, uplinkIndex);
    }

    String workloadLink(String networkId, String workloadId) {
        return WORKLOAD_LINK_PREFIX + MeshSettings.hex(settings.nodeKey() + "\0" + networkId + "\0" + workloadId, 6);
    }

    /** The node's end of a resource's uplink: the even address of its /31. */
    Cidr uplinkNode4(int index) {
        return new Cidr(settings.uplinkRange().host(2L * index), 31);
    }

    Cidr uplink4(int index) {
        return new Cidr(settings.uplinkRange().host(2L * index + 1), 31);
    }

    /** The node's ULA /48 for the resources' uplinks: {@code fd} + 40 bits of a hash of the node key. */
    Cidr uplinkRange6() {
        byte[] hash = java.util.HexFormat.of().parseHex(MeshSettings.hex("zos-uplink6\0" + settings.nodeKey(), 5));
        byte[] a = new byte[16];
        a[0] = (byte) 0xfd;
        System.arraycopy(hash, 0, a, 1, 5);
        return new Cidr(IpAddresses.fromBytes(a), 48);
    }

    private Cidr uplink6Prefix(int index) {
        byte[] a = uplinkRange6().address().getAddress();
        a[6] = (byte) (index >> 8);
        a[7] = (byte) index;
        return new Cidr(IpAddresses.fromBytes(a), 64);
    }

    Cidr uplinkNode6(int index) {
        return new Cidr(uplink6Prefix(index).host(1), 64);
    }

    Cidr uplink6(int index) {
        return new Cidr(uplink6Prefix(index).host(2), 64);
    }
}
