package zos.networkd.mesh.internal;

import java.util.List;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.nftables.NftChain;
import zos.networkd.api.nftables.NftFamily;
import zos.networkd.api.nftables.NftField;
import zos.networkd.api.nftables.NftHook;
import zos.networkd.api.nftables.NftRule;
import zos.networkd.api.nftables.NftSet;
import zos.networkd.api.nftables.NftStatement;
import zos.networkd.api.nftables.NftTable;
import zos.networkd.api.mesh.NrLayout;

import static zos.networkd.api.nftables.NftStatement.accept;
import static zos.networkd.api.nftables.NftStatement.drop;
import static zos.networkd.api.nftables.NftStatement.match;

/**
 * The nftables tables of the mesh. In each resource's namespace ({@code inet zos-nr}): new
 * connections come in only through WireGuard, workloads go out through the uplink, masqueraded.
 * In the node's namespace ({@code inet zos-mesh}): what comes from a resource's uplink may go out
 * of the node's uplink only (masqueraded again), never to the node itself, to another resource or
 * to the farm's LAN.
 */
final class MeshTables {
    private static final List<String> ESTABLISHED = List.of("established", "related");

    private MeshTables() {
    }

    static NftTable resource(NrLayout layout) {
        String g = layout.gateway();
        String w = layout.wireguard();
        String u = layout.uplink();
        NftChain input = NftChain.base("input", NftHook.filter(NftHook.Point.INPUT, NftHook.Policy.DROP), List.of(
                NftRule.of(new NftStatement.Match(NftField.CT_STATE, false, ESTABLISHED), accept()),
                NftRule.of(match(NftField.CT_STATE, "invalid"), drop()),
                NftRule.of(match(NftField.IIFNAME, "lo"), accept()),
                NftRule.of(match(NftField.IIFNAME, g), accept()).because("workloads reach their gateway"),
                NftRule.of(match(NftField.IIFNAME, w), accept()).because("the network reaches the gateway"),
                NftRule.of(match(NftField.ICMPV6_TYPE, "nd-neighbor-solicit", "nd-neighbor-advert"), accept())
                        .because("IPv6 neighbour discovery")));
        NftChain forward = NftChain.base("forward", NftHook.filter(NftHook.Point.FORWARD, NftHook.Policy.DROP), List.of(
                NftRule.of(new NftStatement.Match(NftField.CT_STATE, false, ESTABLISHED), accept()),
                NftRule.of(match(NftField.CT_STATE, "invalid"), drop()),
                NftRule.of(match(NftField.IIFNAME, w), match(NftField.OIFNAME, g), accept())
                        .because("new inbound only through WireGuard"),
                NftRule.of(match(NftField.IIFNAME, g), match(NftField.OIFNAME, w), accept())
                        .because("workloads to the network"),
                NftRule.of(match(NftField.IIFNAME, w), match(NftField.OIFNAME, w), accept())
                        .because("relaying between peers"),
                NftRule.of(match(NftField.IIFNAME, g), match(NftField.OIFNAME, u), accept())
                        .because("workloads to the Internet")));
        NftChain nat = NftChain.base("postrouting", NftHook.sourceNat(), List.of(
                NftRule.of(match(NftField.OIFNAME, u), NftStatement.masquerade(true))));
        return new NftTable(NftFamily.INET, layout.nftTable(), List.of(), List.of(input, forward, nat));
    }

    /**
     * @param uplink the node's uplink interface
     * @param blocked4 IPv4 networks resources must not reach (the uplink's own prefixes, the farm's LAN)
     * @param blocked6 the same for IPv6
     * @param uplinkRange4 where the resources' uplink addresses are (masqueraded out of the uplink)
     * @param uplinkRange6 the same for IPv6
     * @param uplinkForwardsOnlyForResources whether the uplink forwarded nothing before the mesh
     *        turned forwarding on for it: then it forwards only resources' replies
     */
    static NftTable node(String uplink, List<Cidr> blocked4, List<Cidr> blocked6, Cidr uplinkRange4, Cidr uplinkRange6,
            boolean uplinkForwardsOnlyForResources) {
        String any = NrNames.NODE_LINK_PREFIX + "*";
        String uplinks = NrNames.UPLINK_NODE_PREFIX + "*";
        NftSet farm4 = new NftSet("farm4", NftSet.Type.IPV4_ADDR, true, blocked4.stream().map(Cidr::toString).toList());
        NftSet farm6 = new NftSet("farm6", NftSet.Type.IPV6_ADDR, true, blocked6.stream().map(Cidr::toString).toList());
        NftChain input = NftChain.base("input", NftHook.filter(NftHook.Point.INPUT, NftHook.Policy.ACCEPT), List.of(
                NftRule.of(match(NftField.IIFNAME, any), new NftStatement.Match(NftField.CT_STATE, false, ESTABLISHED),
                        accept()),
                NftRule.of(match(NftField.IIFNAME, uplinks),
                        match(NftField.ICMPV6_TYPE, "nd-neighbor-solicit", "nd-neighbor-advert"), accept())
                        .because("IPv6 neighbour discovery on the resources' uplinks"),
                NftRule.of(match(NftField.IIFNAME, any), drop()).because("network resources never reach the node")));
        String bridges = NrNames.BRIDGE_PREFIX + "*";
        List<NftRule> forwardRules = new java.util.ArrayList<>(List.of(
                // with br_netfilter loaded, frames a resource's bridge passes between its gateway and
                // its workloads go through this hook too, in and out through that bridge (which has
                // no address: nothing is routed from or to it)
                NftRule.of(match(NftField.IIFNAME, bridges), match(NftField.OIFNAME, bridges), accept())
                        .because("bridged within a resource's bridge"),
                NftRule.of(match(NftField.IIFNAME, uplinks), match(NftField.OIFNAME, uplink),
                        match(NftField.IP_DADDR, "@farm4"), drop()).because("nor the farm's LAN"),
                NftRule.of(match(NftField.IIFNAME, uplinks), match(NftField.OIFNAME, uplink),
                        match(NftField.IP6_DADDR, "@farm6"), drop()).because("nor the farm's LAN (IPv6)"),
                NftRule.of(match(NftField.IIFNAME, uplinks), match(NftField.OIFNAME, uplink), accept())
                        .because("network resources to the Internet"),
                NftRule.of(match(NftField.IIFNAME, any), drop()).because("nor each other"),
                NftRule.of(match(NftField.IIFNAME, uplink), match(NftField.OIFNAME, uplinks),
                        new NftStatement.Match(NftField.CT_STATE, false, ESTABLISHED), accept()),
                NftRule.of(match(NftField.OIFNAME, any), drop()).because("nothing new into a network resource")));
        if (uplinkForwardsOnlyForResources) {
            forwardRules.add(NftRule.of(match(NftField.IIFNAME, uplink), drop())
                    .because("the uplink forwards only for network resources"));
        }
        NftChain forward = NftChain.base("forward", NftHook.filter(NftHook.Point.FORWARD, NftHook.Policy.ACCEPT),
                forwardRules);
        NftChain nat = NftChain.base("postrouting", NftHook.sourceNat(), List.of(
                NftRule.of(match(NftField.OIFNAME, uplink), match(NftField.IP_SADDR, uplinkRange4.toString()),
                        NftStatement.masquerade(true)),
                NftRule.of(match(NftField.OIFNAME, uplink), match(NftField.IP6_SADDR, uplinkRange6.toString()),
                        NftStatement.masquerade(true))));
        return new NftTable(NftFamily.INET, NrNames.NODE_NFT_TABLE, List.of(farm4, farm6), List.of(input, forward, nat));
    }
}
