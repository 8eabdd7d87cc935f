/**
 * nftables tables as one service ({@link zos.networkd.api.nftables.NftablesService}): a whole named
 * table, described by immutable records, applied atomically in one network namespace, read back and
 * deleted. Re-applying the same table changes nothing.
 */
@Export
@Version("1.0.0")
package zos.networkd.api.nftables;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
