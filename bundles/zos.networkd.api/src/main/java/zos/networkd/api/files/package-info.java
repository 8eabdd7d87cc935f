/**
 * Durable state files for bundles whose state must survive updates, restarts and reboots: atomic
 * replace with fsync, owner-only permissions for secrets.
 */
@Export
@Version("1.3.0")
package zos.networkd.api.files;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
