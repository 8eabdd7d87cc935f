package zos.networkd.api.host;

/** RFC 2863 operational state of a link ({@code IF_OPER_*}), as {@code ip link} shows it. */
public enum OperState {
    UNKNOWN, NOTPRESENT, DOWN, LOWERLAYERDOWN, TESTING, DORMANT, UP;

    public static OperState ofCode(int code) {
        OperState[] all = values();
        return code >= 0 && code < all.length ? all[code] : UNKNOWN;
    }
}
