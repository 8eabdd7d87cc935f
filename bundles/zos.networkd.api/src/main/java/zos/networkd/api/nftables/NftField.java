package zos.networkd.api.nftables;

/**
 * What a {@link NftStatement.Match} looks at. {@link #protocol()} and {@link #key()} are nftables'
 * JSON names: a {@code meta}, {@code ct} or {@code payload} expression.
 */
public enum NftField {
    IIFNAME(Kind.META, null, "iifname", false),
    OIFNAME(Kind.META, null, "oifname", false),
    L4PROTO(Kind.META, null, "l4proto", false),
    NFPROTO(Kind.META, null, "nfproto", false),
    MARK(Kind.META, null, "mark", true),
    CT_STATE(Kind.CT, null, "state", false),
    IP_SADDR(Kind.PAYLOAD, "ip", "saddr", false),
    IP_DADDR(Kind.PAYLOAD, "ip", "daddr", false),
    IP6_SADDR(Kind.PAYLOAD, "ip6", "saddr", false),
    IP6_DADDR(Kind.PAYLOAD, "ip6", "daddr", false),
    TCP_DPORT(Kind.PAYLOAD, "tcp", "dport", true),
    UDP_DPORT(Kind.PAYLOAD, "udp", "dport", true),
    ICMP_TYPE(Kind.PAYLOAD, "icmp", "type", false),
    ICMPV6_TYPE(Kind.PAYLOAD, "icmpv6", "type", false);

    /** The expression type in nftables' JSON. */
    public enum Kind {
        META, CT, PAYLOAD
    }

    private final Kind kind;
    private final String protocol;
    private final String key;
    private final boolean numeric;

    NftField(Kind kind, String protocol, String key, boolean numeric) {
        this.kind = kind;
        this.protocol = protocol;
        this.key = key;
        this.numeric = numeric;
    }

    public Kind kind() {
        return kind;
    }

    /** The payload's protocol ({@code ip}, {@code tcp}, …), null for meta and ct. */
    public String protocol() {
        return protocol;
    }

    /** The meta or ct key, or the payload's field. */
    public String key() {
        return key;
    }

    /** Whether values are numbers (ports, marks) rather than names or addresses. */
    public boolean numeric() {
        return numeric;
    }

    /** Whether values are addresses, which may be prefixes. */
    public boolean address() {
        return kind == Kind.PAYLOAD && key.endsWith("addr");
    }

    /** The field with this JSON shape, or null. */
    public static NftField of(Kind kind, String protocol, String key) {
        for (NftField f : values()) {
            if (f.kind == kind && f.key.equals(key) && (protocol == null ? f.protocol == null : protocol.equals(f.protocol))) {
                return f;
            }
        }
        return null;
    }
}
