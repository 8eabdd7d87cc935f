/**
 * WireGuard devices behind one service ({@link zos.networkd.api.wireguard.WireguardService}) with
 * two backends: the kernel's generic netlink {@code wireguard} family and supervised
 * {@code wireguard-go} processes. Keys, device and peer configuration and the device state read
 * back the same way from both.
 */
@Export
@Version("1.0.0")
package zos.networkd.api.wireguard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
