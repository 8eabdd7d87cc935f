package zos.networkd.api.nftables;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Whole nftables tables in network namespaces. {@code namespace} is a named namespace, or null for
 * the node's own, which is changed only where the operator allowed changes to it
 * ({@code manageOwnNamespace} of the host networking service); the machine's initial namespace is
 * never changed otherwise, whatever name it is reached by.
 *
 * <p>Failures throw {@link NftablesException} naming table and namespace with nftables' message;
 * a refused change leaves the table as it was.
 */
@ProviderType
public interface NftablesService {

    /**
     * Puts {@code table} in place in one transaction: afterwards the namespace has exactly this
     * table (whatever was in a table of that name before is gone). Idempotent: when the namespace
     * already holds this very table, nothing is touched.
     *
     * @return true when the ruleset changed, false when it already was this table
     */
    boolean apply(String namespace, NftTable table);

    /** The table as the kernel holds it; statements this API has no type for come back as {@link NftStatement.Raw}. */
    Optional<NftTable> read(String namespace, NftFamily family, String name);

    /** The table as {@code nft list table} prints it, empty when there is none. */
    Optional<String> show(String namespace, NftFamily family, String name);

    /** Names of the tables of a family in the namespace, sorted. */
    List<String> tables(String namespace, NftFamily family);

    /** Deletes the table; false when there was none. */
    boolean delete(String namespace, NftFamily family, String name);

    /**
     * Lets go of what the service holds open in the namespace (its nftables socket), so that
     * deleting the namespace really ends it. Call before deleting a namespace tables were applied in.
     */
    void release(String namespace);
}
