/**
 * What the registry server offers other bundles of its Karaf (the operator's shell commands): a
 * read-only view of its records.
 */
@Export
@Version("1.0.0")
package zos.grid.api.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
