package zos.networkd.mesh.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.Names;

/**
 * Where the node's network resources go and how they are named.
 *
 * @param nodeNamespace the node's namespace (where the uplink, the workload bridges and the WireGuard
 *        sockets are), null for the daemon's own
 * @param uplink the node's uplink interface in it ({@code zos}): NAT goes out of it
 * @param namespacePrefix put before every resource namespace's name (a lab puts its own prefix)
 * @param nodeKey what makes this node's names differ from other nodes' on the same machine
 * @param stateDirectory where the resources' records are kept
 * @param uplinkRange the node-internal IPv4 range the resources' uplink veths take /31s from
 * @param blockedNetworks networks no resource may reach besides the uplink's own (the farm's LAN)
 * @param mtu the WireGuard interfaces' MTU, 0 for the default
 */
record MeshSettings(String nodeNamespace, String uplink, String namespacePrefix, String nodeKey, Path stateDirectory,
        Cidr uplinkRange, List<Cidr> blockedNetworks, int mtu) {

    MeshSettings {
        if (nodeNamespace != null && nodeNamespace.isBlank()) {
            nodeNamespace = null;
        }
        if (nodeNamespace != null) {
            Names.checkNamespaceName(nodeNamespace);
        }
        Names.checkInterfaceName(uplink);
        namespacePrefix = namespacePrefix == null ? "" : namespacePrefix;
        if (!namespacePrefix.isEmpty()) {
            Names.checkNamespaceName(namespacePrefix + "x");
        }
        if (nodeKey == null || nodeKey.isBlank()) {
            throw new IllegalArgumentException("mesh: no node key");
        }
        if (uplinkRange.family() != AddressFamily.IPV4 || uplinkRange.prefixLength() > 30) {
            throw new IllegalArgumentException("mesh: uplink range " + uplinkRange + " is not an IPv4 range of /30 or more");
        }
        uplinkRange = uplinkRange.network();
        blockedNetworks = List.copyOf(blockedNetworks);
    }

    /** How many resources the uplink range has room for (one /31 each). */
    int uplinkSlots() {
        return (int) Math.min(65536, 1L << (32 - uplinkRange.prefixLength() - 1));
    }

    /** A node key from what tells installations apart when none is configured: the machine and the state directory. */
    static String defaultNodeKey(String machineId, Path stateDirectory) {
        return hex(machineId + "\0" + stateDirectory.toAbsolutePath().normalize(), 8);
    }

    static String hex(String text, int bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
