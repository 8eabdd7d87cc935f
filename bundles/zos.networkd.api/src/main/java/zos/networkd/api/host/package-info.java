/**
 * Host networking: links, addresses, routes, sysctls and named network namespaces of the node,
 * as one service ({@link zos.networkd.api.host.HostNetworking}) implemented over netlink.
 */
@Export
@Version("1.1.0")
package zos.networkd.api.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
