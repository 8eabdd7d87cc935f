/**
 * NIC discovery: the live inventory of the node's network interfaces, with change notification
 * through {@link zos.networkd.api.nics.NicListener} services (whiteboard).
 */
@Export
@Version("1.0.0")
package zos.networkd.api.nics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
