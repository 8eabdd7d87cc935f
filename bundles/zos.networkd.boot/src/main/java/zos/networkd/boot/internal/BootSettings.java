package zos.networkd.boot.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How boot works on this node (from configuration).
 *
 * @param bridge name of the uplink bridge ({@code zos})
 * @param namespacePrefix prefix of the namespaces boot creates (probe namespaces); a lab running
 *        several nodes on one machine gives each its own
 * @param carrierWait how long a NIC may take to get carrier
 * @param dhcpTimeout how long a DHCP server may take to answer a probe
 * @param backoffCap the longest wait between two rounds while not online
 * @param onlineCheckInterval how often an online node checks it still is
 * @param udhcpc the udhcpc executable
 * @param stateDirectory where boot keeps its state file and udhcpc hook
 */
record BootSettings(String bridge, String namespacePrefix, Duration carrierWait, Duration dhcpTimeout,
        Duration backoffCap, Duration onlineCheckInterval, Path udhcpc, Path stateDirectory) {
}
