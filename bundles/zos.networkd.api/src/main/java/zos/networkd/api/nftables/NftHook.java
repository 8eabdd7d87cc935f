package zos.networkd.api.nftables;

import java.util.Locale;

/**
 * What makes a chain a base chain: its type, where in the packet path it hooks in, its priority
 * and its policy.
 *
 * @param type filter, nat or route
 * @param point the netfilter hook
 * @param priority lower runs first (filter is 0, srcnat 100, dstnat -100)
 * @param policy the verdict for packets no rule decided
 */
public record NftHook(Type type, Point point, int priority, Policy policy) {

    public enum Type {
        FILTER, NAT, ROUTE;

        public String nftName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Point {
        PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING, INGRESS;

        public String nftName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Policy {
        ACCEPT, DROP;

        public String nftName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The priority of {@code nft}'s {@code srcnat} keyword (postrouting NAT). */
    public static final int SRCNAT = 100;
    /** The priority of {@code nft}'s {@code filter} keyword. */
    public static final int FILTER_PRIORITY = 0;

    public NftHook {
        if (type == null || point == null || policy == null) {
            throw new IllegalArgumentException("nftables hook needs type, hook point and policy");
        }
    }

    /** A filter chain at priority 0 with the given policy. */
    public static NftHook filter(Point point, Policy policy) {
        return new NftHook(Type.FILTER, point, FILTER_PRIORITY, policy);
    }

    /** A NAT chain in postrouting at the srcnat priority, policy accept. */
    public static NftHook sourceNat() {
        return new NftHook(Type.NAT, Point.POSTROUTING, SRCNAT, Policy.ACCEPT);
    }
}
