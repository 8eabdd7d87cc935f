package zos.networkd.api.nftables;

import java.util.Locale;

/** The address family of an nftables table, named as {@code nft} names it. */
public enum NftFamily {
    IP, IP6, INET, ARP, BRIDGE, NETDEV;

    /** {@code ip}, {@code ip6}, {@code inet}, … */
    public String nftName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NftFamily parse(String text) {
        for (NftFamily family : values()) {
            if (family.nftName().equals(text)) {
                return family;
            }
        }
        throw new IllegalArgumentException("not an nftables family: '" + text + "' (ip, ip6, inet, arp, bridge, netdev)");
    }
}
