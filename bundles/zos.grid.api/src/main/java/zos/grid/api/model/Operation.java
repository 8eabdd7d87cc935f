package zos.grid.api.model;

import java.util.Locale;

/** What a workload asks of its node: set the network resource up (or to this definition), or remove it. */
public enum Operation {
    DEPLOY, DELETE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Operation ofWireName(String text) {
        for (Operation operation : values()) {
            if (operation.wireName().equals(text)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("must be 'deploy' or 'delete', not '" + text + "'");
    }
}
