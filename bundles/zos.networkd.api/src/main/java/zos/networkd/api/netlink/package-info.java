/**
 * The netlink message codec: building requests with (nested) attributes and parsing replies,
 * multipart dumps and errors with extended acknowledgements. Pure Java, no I/O; shared by the
 * host networking bundle (rtnetlink) and the WireGuard bundle (generic netlink).
 */
@Export
@Version("1.0.0")
package zos.networkd.api.netlink;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
