/**
 * The node side of the grid registry: the node's registry client as a service
 * ({@link zos.grid.api.client.RegistryClient}), and the whiteboard services through which other
 * node bundles take part ({@link zos.grid.api.client.WorkloadHandler} turns workloads into results,
 * {@link zos.grid.api.client.PublicConfigListener} hears of the farmer's public config).
 */
@Export
@Version("1.0.0")
package zos.grid.api.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
