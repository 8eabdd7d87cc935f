package zos.grid.api.model;

import java.util.Locale;

/** How a node's attempt at a workload ended. */
public enum ResultState {
    OK, ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ResultState ofWireName(String text) {
        for (ResultState state : values()) {
            if (state.wireName().equals(text)) {
                return state;
            }
        }
        throw new IllegalArgumentException("must be 'ok' or 'error', not '" + text + "'");
    }
}
