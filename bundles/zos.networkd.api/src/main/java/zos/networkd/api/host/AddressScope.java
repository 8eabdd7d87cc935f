package zos.networkd.api.host;

/** Scope of an address or route ({@code RT_SCOPE_*}). */
public enum AddressScope {
    UNIVERSE(0), SITE(200), LINK(253), HOST(254), NOWHERE(255);

    private final int code;

    AddressScope(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static AddressScope ofCode(int code) {
        for (AddressScope s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return UNIVERSE;
    }
}
