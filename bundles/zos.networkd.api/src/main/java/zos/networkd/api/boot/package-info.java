/**
 * Boot connectivity: how the node reached the Internet (the {@code zos} bridge on the chosen NIC,
 * its DHCP lease, the per-NIC probe results) and whether it is online now.
 * {@link zos.networkd.api.boot.BootService} is always there;
 * {@link zos.networkd.api.boot.Connectivity} appears once the node is first online and stays,
 * so bundles that need the Internet depend on it instead of sleeping.
 */
@Export
@Version("1.0.0")
package zos.networkd.api.boot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
