/**
 * Provisioning: what the node did with the workloads the grid registry handed it
 * ({@link zos.networkd.api.provision.ProvisionLog}), and who owns each network provisioned on it.
 */
@Export
@Version("1.0.0")
package zos.networkd.api.provision;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
