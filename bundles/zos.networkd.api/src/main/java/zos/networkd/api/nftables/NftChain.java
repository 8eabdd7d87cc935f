package zos.networkd.api.nftables;

import java.util.List;

/**
 * A chain and its rules, in order.
 *
 * @param name the chain's name, unique in its table
 * @param hook where it hooks into the packet path; null for a regular chain (reached by jump or goto)
 * @param rules its rules
 */
public record NftChain(String name, NftHook hook, List<NftRule> rules) {

    public NftChain {
        NftNames.check(name, "chain");
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public static NftChain base(String name, NftHook hook, List<NftRule> rules) {
        if (hook == null) {
            throw new IllegalArgumentException("nftables base chain '" + name + "' without hook");
        }
        return new NftChain(name, hook, rules);
    }

    public static NftChain regular(String name, List<NftRule> rules) {
        return new NftChain(name, null, rules);
    }
}
