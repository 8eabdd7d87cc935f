package zos.networkd.api.host;

/** Modes of a macvlan link ({@code MACVLAN_MODE_*}). */
public enum MacvlanMode {
    PRIVATE(1), VEPA(2), BRIDGE(4), PASSTHRU(8), SOURCE(16);

    private final int code;

    MacvlanMode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static MacvlanMode ofCode(int code) {
        for (MacvlanMode m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown macvlan mode " + code);
    }
}
