package zos.networkd.api.nftables;

import java.util.regex.Pattern;

/** The names this API accepts for tables, chains and sets: plain identifiers {@code nft} never needs to quote. */
final class NftNames {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private NftNames() {
    }

    static String check(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("nftables " + what + " name '" + name
                    + "': 1-64 letters, digits, '_' or '-', starting with a letter");
        }
        return name;
    }
}
