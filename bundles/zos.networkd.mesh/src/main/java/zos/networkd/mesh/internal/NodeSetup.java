package zos.networkd.mesh.internal;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import zos.networkd.api.host.Address;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.AddressScope;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.api.host.Route;
import zos.networkd.api.nftables.NftFamily;
import zos.networkd.api.nftables.NftTable;
import zos.networkd.api.nftables.NftablesService;

/**
 * What the node's own namespace carries while it has network resources: forwarding on the uplink
 * (IPv4 per interface, so the node does not become a router between its other NICs; IPv6 globally,
 * the only switch the kernel has, and only where the node has IPv6) and the {@code inet zos-mesh}
 * table. The sysctls' values from before are kept in {@code node.json} and put back when the last
 * resource goes.
 */
final class NodeSetup {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSetup.class);
    private static final String IPV6_FORWARDING = "net.ipv6.conf.all.forwarding";

    private final HostNetworking host;
    private final NftablesService nft;
    private final MeshSettings settings;
    private final NrNames names;
    private final NrStore store;

    NodeSetup(HostNetworking host, NftablesService nft, MeshSettings settings, NrNames names, NrStore store) {
        this.host = host;
        this.nft = nft;
        this.settings = settings;
        this.names = names;
        this.store = store;
    }

    NetworkNamespace node() {
        return settings.nodeNamespace() == null ? host.ownNamespace() : host.namespace(settings.nodeNamespace());
    }

    private static String uplinkForwardingKey(String uplink) {
        return "net.ipv4.conf." + uplink + ".forwarding";
    }

    /** Whether the node reaches the Internet over IPv6 (a default route): only then do workloads get IPv6 beyond the network. */
    boolean hasIpv6() {
        return node().routes(AddressFamily.IPV6).stream().anyMatch(Route::isDefault);
    }

    /** The networks no resource may reach: the uplink's own prefixes and the configured ones. */
    List<Cidr> blocked(AddressFamily family) {
        NetworkNamespace node = node();
        List<Cidr> blocked = new ArrayList<>();
        if (node.link(settings.uplink()).isPresent()) {
            for (Address a : node.addresses(settings.uplink())) {
                if (a.family() == family && a.scope() == AddressScope.UNIVERSE) {
                    Cidr network = a.cidr().network();
                    if (!blocked.contains(network)) {
                        blocked.add(network);
                    }
                }
            }
        }
        settings.blockedNetworks().stream().filter(c -> c.family() == family && !blocked.contains(c.network()))
                .forEach(c -> blocked.add(c.network()));
        return blocked;
    }

    /** Brings the node's part to what resources need (first resource: records the sysctls' values from before). */
    void ensure(Session s) {
        NetworkNamespace node = node();
        String uplink = settings.uplink();
        boolean uplinkPresent = node.link(uplink).isPresent();
        JsonObject before = store.readNode();
        if (before == null) {
            if (!s.repairing()) {
                s.problem("the node's mesh setup is missing");
                return;
            }
            before = new JsonObject();
            before.addProperty("uplink", uplink);
            before.addProperty("uplinkForwarding", uplinkPresent ? node.sysctl(uplinkForwardingKey(uplink)) : "0");
            before.addProperty("ipv6Forwarding", node.sysctl(IPV6_FORWARDING));
            store.writeNode(before);
        }
        JsonObject saved = before;
        if (uplinkPresent) {
            s.ensure("IPv4 forwarding on the uplink " + uplink,
                    () -> "1".equals(node.sysctl(uplinkForwardingKey(uplink))),
                    () -> node.setSysctl(uplinkForwardingKey(uplink), "1"));
        }
        if (uplinkPresent && hasIpv6()) {
            s.ensure("IPv6 forwarding", () -> "1".equals(node.sysctl(IPV6_FORWARDING)), () -> {
                // forwarding stops router advertisements being heeded unless accept_ra is 2
                String acceptRa = node.sysctl("net.ipv6.conf." + uplink + ".accept_ra");
                if ("1".equals(acceptRa)) {
                    saved.addProperty("uplinkAcceptRa", acceptRa);
                    store.writeNode(saved);
                    node.setAcceptRa(uplink, 2);
                }
                node.setForwarding(AddressFamily.IPV6, true);
            });
        }
        NftTable table = MeshTables.node(uplink, blocked(AddressFamily.IPV4), blocked(AddressFamily.IPV6),
                settings.uplinkRange(), names.uplinkRange6(), "0".equals(saved.get("uplinkForwarding").getAsString()));
        if (s.repairing()) {
            if (nft.apply(settings.nodeNamespace(), table)) {
                s.changed("node table inet " + table.name());
            }
        } else if (!nft.tables(settings.nodeNamespace(), NftFamily.INET).contains(table.name())) {
            s.problem("node table inet " + table.name() + " is missing");
        }
    }

    /** Removes the node's part and puts its sysctls back (after the last resource). */
    void tearDown() {
        JsonObject saved = store.readNode();
        NetworkNamespace node = node();
        nft.delete(settings.nodeNamespace(), NftFamily.INET, NrNames.NODE_NFT_TABLE);
        if (saved != null) {
            String uplink = saved.get("uplink").getAsString();
            if (node.link(uplink).isPresent()) {
                node.setSysctl(uplinkForwardingKey(uplink), saved.get("uplinkForwarding").getAsString());
                if (saved.has("uplinkAcceptRa")) {
                    node.setAcceptRa(uplink, Integer.parseInt(saved.get("uplinkAcceptRa").getAsString()));
                }
            }
            if (!saved.get("ipv6Forwarding").getAsString().equals(node.sysctl(IPV6_FORWARDING))) {
                node.setSysctl(IPV6_FORWARDING, saved.get("ipv6Forwarding").getAsString());
            }
            store.deleteNode();
        }
        LOG.info("Node mesh setup removed (no network resources left)");
    }
}
