package zos.networkd.api.nftables;

import java.util.List;

/**
 * One statement of a rule. The common ones are typed; {@link Raw} carries any other as nftables
 * JSON (one statement object, e.g. {@code {"log":{"prefix":"x "}}}), and reading a table back
 * gives {@link Raw} for what has no type here.
 */
public sealed interface NftStatement permits NftStatement.Match, NftStatement.Verdict, NftStatement.Masquerade,
        NftStatement.Counter, NftStatement.Raw {

    /**
     * A comparison: the field equals (or, negated, differs from) the value, or one of the values.
     * A value is a literal ({@code "zm*"} with {@code *} as the interface wildcard, an address, a
     * number, {@code established}), a prefix ({@code 198.51.100.0/24}) or a set reference
     * ({@code @farm}).
     */
    record Match(NftField field, boolean negated, List<String> values) implements NftStatement {
        public Match {
            if (field == null) {
                throw new IllegalArgumentException("nftables match without field");
            }
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("nftables match on " + field + " without value");
            }
            values = List.copyOf(values);
            for (String v : values) {
                if (v == null || v.isBlank() || v.indexOf('"') >= 0) {
                    throw new IllegalArgumentException("nftables match on " + field + ": bad value '" + v + "'");
                }
                if (v.startsWith("@")) {
                    if (values.size() > 1) {
                        throw new IllegalArgumentException("nftables match on " + field
                                + ": a set reference stands alone");
                    }
                    NftNames.check(v.substring(1), "set");
                }
                if (field.numeric() && !v.startsWith("@") && !v.matches("\\d{1,10}")) {
                    throw new IllegalArgumentException("nftables match on " + field + ": '" + v + "' is not a number");
                }
            }
        }
    }

    /** What happens to the packet: accept, drop, return, or continue in another chain. */
    record Verdict(Kind kind, String chain) implements NftStatement {
        public enum Kind {
            ACCEPT, DROP, RETURN, JUMP, GOTO
        }

        public Verdict {
            if (kind == null) {
                throw new IllegalArgumentException("nftables verdict without kind");
            }
            boolean needsChain = kind == Kind.JUMP || kind == Kind.GOTO;
            if (needsChain) {
                NftNames.check(chain, "chain");
            } else if (chain != null) {
                throw new IllegalArgumentException("nftables verdict " + kind + " takes no chain");
            }
        }
    }

    /** Source NAT to the address of the outgoing interface. */
    record Masquerade(boolean fullyRandom) implements NftStatement {
    }

    /** Counts packets and bytes. */
    record Counter() implements NftStatement {
    }

    /** Any other statement as one nftables JSON object. */
    record Raw(String json) implements NftStatement {
        public Raw {
            if (json == null || !json.strip().startsWith("{")) {
                throw new IllegalArgumentException("nftables statement JSON must be an object: " + json);
            }
        }
    }

    static Match match(NftField field, String... values) {
        return new Match(field, false, List.of(values));
    }

    static Match notMatch(NftField field, String... values) {
        return new Match(field, true, List.of(values));
    }

    static Verdict accept() {
        return new Verdict(Verdict.Kind.ACCEPT, null);
    }

    static Verdict drop() {
        return new Verdict(Verdict.Kind.DROP, null);
    }

    static Verdict jump(String chain) {
        return new Verdict(Verdict.Kind.JUMP, chain);
    }

    static Masquerade masquerade(boolean fullyRandom) {
        return new Masquerade(fullyRandom);
    }
}
