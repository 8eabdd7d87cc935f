/**
 * Network resources: one user network's part on this node (its namespace, workload bridge,
 * WireGuard device, NAT and isolation), managed by
 * {@link zos.networkd.api.mesh.NetworkResourceManager}; workloads join and leave them.
 */
@Export
@Version("1.0.0")
package zos.networkd.api.mesh;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
