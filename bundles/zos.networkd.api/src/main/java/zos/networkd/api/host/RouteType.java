package zos.networkd.api.host;

/** Route types ({@code RTN_*}). */
public enum RouteType {
    UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE;

    public static RouteType ofCode(int code) {
        RouteType[] all = values();
        return code >= 0 && code < all.length ? all[code] : UNSPEC;
    }

    public int code() {
        return ordinal();
    }
}
