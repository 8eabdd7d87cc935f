package zos.networkd.api.nftables;

/**
 * An nftables operation that failed: names the table and the namespace, and carries nftables' own
 * message (what {@code nft} would have printed).
 */
public class NftablesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final String namespace;
    private final String nftMessage;

    /**
     * @param operation what was done, e.g. {@code apply}
     * @param table the table, e.g. {@code inet zos-nr}
     * @param namespace where ({@code netns 'n-x'} or {@code the node's own netns})
     * @param nftMessage nftables' words, null when the failure came before nftables
     */
    public NftablesException(String operation, String table, String namespace, String nftMessage) {
        super(operation + " nftables table " + table + " in " + namespace + ": "
                + (nftMessage == null || nftMessage.isBlank() ? "failed" : nftMessage.strip()));
        this.table = table;
        this.namespace = namespace;
        this.nftMessage = nftMessage;
    }

    public String table() {
        return table;
    }

    public String namespace() {
        return namespace;
    }

    /** nftables' own message, or null. */
    public String nftMessage() {
        return nftMessage;
    }
}
