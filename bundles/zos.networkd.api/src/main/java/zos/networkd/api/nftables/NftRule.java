package zos.networkd.api.nftables;

import java.util.List;

/**
 * One rule: statements evaluated left to right, as {@code nft} writes them
 * ({@code iifname "wg0" ct state new accept}).
 *
 * @param statements matches first, then actions; at least one
 * @param comment what the rule is for, shown by {@code nft list ruleset}; null for none
 */
public record NftRule(List<NftStatement> statements, String comment) {
    /** nftables keeps at most this many bytes of comment (the service adds a short tag of its own). */
    public static final int MAX_COMMENT = 100;

    public NftRule {
        if (statements == null || statements.isEmpty()) {
            throw new IllegalArgumentException("nftables rule without statements");
        }
        statements = List.copyOf(statements);
        if (comment != null && (comment.length() > MAX_COMMENT || comment.indexOf('"') >= 0 || comment.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("nftables rule comment '" + comment + "': at most " + MAX_COMMENT
                    + " characters, no quotes or newlines");
        }
    }

    public static NftRule of(NftStatement... statements) {
        return new NftRule(List.of(statements), null);
    }

    /** This rule with a comment. */
    public NftRule because(String newComment) {
        return new NftRule(statements, newComment);
    }
}
