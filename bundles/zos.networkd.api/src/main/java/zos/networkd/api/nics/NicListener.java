package zos.networkd.api.nics;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard listener: register an implementation as an OSGi service to be told of inventory
 * changes. Called once with the current inventory when it is first seen, then after each change
 * (bursts of kernel events are coalesced), never concurrently.
 */
@ConsumerType
@FunctionalInterface
public interface NicListener {
    void nicsChanged(NicChange change);
}
