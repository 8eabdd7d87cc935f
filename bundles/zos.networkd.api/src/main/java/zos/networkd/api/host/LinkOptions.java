package zos.networkd.api.host;

/**
 * Settings a link gets in the same request that creates it, so that it never exists without them.
 *
 * @param mtu MTU, null for the kernel's default
 * @param mac link-layer address, null for a random one
 */
public record LinkOptions(Integer mtu, MacAddress mac) {
    public static final LinkOptions DEFAULTS = new LinkOptions(null, null);

    public LinkOptions {
        if (mtu != null && (mtu < 68 || mtu > 65535)) {
            throw new IllegalArgumentException("MTU " + mtu + " out of 68..65535");
        }
    }

    public LinkOptions withMtu(int newMtu) {
        return new LinkOptions(newMtu, mac);
    }

    public LinkOptions withMac(MacAddress newMac) {
        return new LinkOptions(mtu, newMac);
    }
}
