package zos.networkd.api.nftables;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A whole nftables table: what {@link NftablesService#apply} puts in place in one transaction.
 * Validated on construction: names unique, every set a rule references and every chain it jumps
 * to exists.
 */
public record NftTable(NftFamily family, String name, List<NftSet> sets, List<NftChain> chains) {

    public NftTable {
        if (family == null) {
            throw new IllegalArgumentException("nftables table '" + name + "' without family");
        }
        NftNames.check(name, "table");
        sets = sets == null ? List.of() : List.copyOf(sets);
        chains = chains == null ? List.of() : List.copyOf(chains);
        Set<String> setNames = new HashSet<>();
        for (NftSet s : sets) {
            if (!setNames.add(s.name())) {
                throw new IllegalArgumentException("nftables table '" + name + "': set '" + s.name() + "' twice");
            }
        }
        Set<String> chainNames = new HashSet<>();
        for (NftChain c : chains) {
            if (!chainNames.add(c.name())) {
                throw new IllegalArgumentException("nftables table '" + name + "': chain '" + c.name() + "' twice");
            }
        }
        for (NftChain c : chains) {
            for (NftRule r : c.rules()) {
                for (NftStatement s : r.statements()) {
                    if (s instanceof NftStatement.Match m && m.values().get(0).startsWith("@")
                            && !setNames.contains(m.values().get(0).substring(1))) {
                        throw new IllegalArgumentException("nftables table '" + name + "', chain '" + c.name()
                                + "': no set " + m.values().get(0));
                    }
                    if (s instanceof NftStatement.Verdict v && v.chain() != null && !chainNames.contains(v.chain())) {
                        throw new IllegalArgumentException("nftables table '" + name + "', chain '" + c.name()
                                + "': no chain '" + v.chain() + "' to " + v.kind().name().toLowerCase());
                    }
                }
            }
        }
    }

    public Optional<NftChain> chain(String chainName) {
        return chains.stream().filter(c -> c.name().equals(chainName)).findFirst();
    }

    public Optional<NftSet> set(String setName) {
        return sets.stream().filter(s -> s.name().equals(setName)).findFirst();
    }

    /** How many rules all chains hold. */
    public int ruleCount() {
        return chains.stream().mapToInt(c -> c.rules().size()).sum();
    }

    /** {@code inet zos-nr}. */
    public String describe() {
        return family.nftName() + " " + name;
    }
}
