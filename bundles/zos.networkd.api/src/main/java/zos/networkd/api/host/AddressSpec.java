package zos.networkd.api.host;

/**
 * An address to put on a link.
 *
 * @param cidr address and prefix length
 * @param validLifetime seconds the kernel keeps it (a DHCP lease), {@link #FOREVER} for never expiring
 * @param preferredLifetime seconds it stays preferred, {@link #FOREVER} for always
 * @param noDad skip IPv6 duplicate address detection (usable at once)
 * @param noPrefixRoute do not add the route for its prefix
 */
public record AddressSpec(Cidr cidr, long validLifetime, long preferredLifetime, boolean noDad,
        boolean noPrefixRoute) {
    /** {@code INFINITY_LIFE_TIME}. */
    public static final long FOREVER = 0xFFFFFFFFL;

    public AddressSpec {
        if (cidr == null) {
            throw new IllegalArgumentException("address without CIDR");
        }
        if (validLifetime < 0 || validLifetime > FOREVER || preferredLifetime < 0 || preferredLifetime > FOREVER) {
            throw new IllegalArgumentException("address " + cidr + ": lifetimes out of range");
        }
        if (preferredLifetime > validLifetime) {
            throw new IllegalArgumentException(
                    "address " + cidr + ": preferred lifetime " + preferredLifetime + " > valid lifetime " + validLifetime);
        }
    }

    public static AddressSpec of(Cidr cidr) {
        return new AddressSpec(cidr, FOREVER, FOREVER, false, false);
    }

    public static AddressSpec of(String cidr) {
        return of(Cidr.parse(cidr));
    }

    /** The address with a lease's lifetimes, e.g. from DHCP. */
    public AddressSpec withLifetimes(long valid, long preferred) {
        return new AddressSpec(cidr, valid, preferred, noDad, noPrefixRoute);
    }

    public AddressSpec withNoDad() {
        return new AddressSpec(cidr, validLifetime, preferredLifetime, true, noPrefixRoute);
    }

    public AddressSpec withNoPrefixRoute() {
        return new AddressSpec(cidr, validLifetime, preferredLifetime, noDad, true);
    }
}
