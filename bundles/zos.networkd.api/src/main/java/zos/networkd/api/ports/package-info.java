/**
 * WireGuard listen-port leases: one durable port per network resource, never moved silently; the
 * used ports with change notification through {@link zos.networkd.api.ports.UsedPortsListener}
 * services (whiteboard).
 */
@Export
@Version("1.0.0")
package zos.networkd.api.ports;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
