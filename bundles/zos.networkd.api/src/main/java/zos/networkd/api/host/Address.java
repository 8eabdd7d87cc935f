package zos.networkd.api.host;

/**
 * An address assigned to a link.
 *
 * @param linkIndex index of the link that holds it
 * @param cidr the local address and its prefix length
 * @param scope its scope
 * @param flags {@code IFA_F_*} flags
 * @param validLifetime seconds until it is removed, {@link AddressSpec#FOREVER} for never
 * @param preferredLifetime seconds until it is deprecated, {@link AddressSpec#FOREVER} for never
 */
public record Address(int linkIndex, Cidr cidr, AddressScope scope, int flags, long validLifetime,
        long preferredLifetime) {

    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_DADFAILED = 0x08;
    public static final int IFA_F_TENTATIVE = 0x40;
    public static final int IFA_F_PERMANENT = 0x80;
    public static final int IFA_F_NOPREFIXROUTE = 0x200;

    public AddressFamily family() {
        return cidr.family();
    }

    public boolean isPermanent() {
        return (flags & IFA_F_PERMANENT) != 0;
    }

    public boolean isTentative() {
        return (flags & IFA_F_TENTATIVE) != 0;
    }
}
