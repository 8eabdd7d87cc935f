package zos.networkd.api.nftables;

import java.util.List;
import java.util.Locale;

/**
 * A named set of a table, referenced from rules as {@code @name}.
 *
 * @param name unique in its table
 * @param type the type of its elements
 * @param interval whether elements may be prefixes or ranges ({@code 198.51.100.0/24})
 * @param elements the elements as {@code nft} writes them: addresses, prefixes, names, numbers
 */
public record NftSet(String name, Type type, boolean interval, List<String> elements) {

    public enum Type {
        IPV4_ADDR, IPV6_ADDR, IFNAME, INET_SERVICE, INET_PROTO, MARK;

        public String nftName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type parse(String text) {
            for (Type t : values()) {
                if (t.nftName().equals(text)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unsupported nftables set type '" + text + "'");
        }
    }

    public NftSet {
        NftNames.check(name, "set");
        if (type == null) {
            throw new IllegalArgumentException("nftables set '" + name + "' without type");
        }
        elements = elements == null ? List.of() : List.copyOf(elements);
        for (String e : elements) {
            if (e == null || e.isBlank()) {
                throw new IllegalArgumentException("nftables set '" + name + "': empty element");
            }
            if (!interval && e.contains("/")) {
                throw new IllegalArgumentException("nftables set '" + name + "': prefix " + e
                        + " needs an interval set");
            }
        }
    }
}
