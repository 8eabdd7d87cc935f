package zos.networkd.api.ports;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.annotation.versioning.ProviderType;

/**
 * WireGuard listen-port leases of the node, one per holder (network resource). Leases are durable:
 * after an update, a restart or a reboot every holder has the same port. Nothing moves a port
 * behind a holder's back: a port changes only when its holder asks for another one.
 * Register a {@link UsedPortsListener} service to be told of changes.
 */
@ProviderType
public interface PortLeases {
    /** Holder ids: what a network resource id or {@code device:<ifname>} can be. */
    Pattern HOLDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    /**
     * Leases {@code port} to {@code holder}, or with port 0 a free port of the configured range,
     * chosen deterministically from the holder id. A holder that has a lease keeps it: asking again
     * for 0 or for the same port returns it; asking for another port moves the lease there (the
     * holder's own explicit wish). Refuses, with {@link PortLeaseException} naming port and holder,
     * a port another holder has or the configuration reserves.
     */
    PortLease lease(String holder, int port);

    /** Ends the holder's lease; false when it had none. */
    boolean release(String holder);

    Optional<PortLease> leaseOf(String holder);

    /** Who holds the port, if anyone. */
    Optional<PortLease> holderOf(int port);

    /** Every lease, by port. */
    List<PortLease> leases();

    UsedPorts usedPorts();

    /** The range ports are chosen from. */
    PortRange choiceRange();

    /** What the last reconciliation with the running WireGuard devices found (adoptions, conflicts). */
    List<String> problems();

    static int checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of 1..65535");
        }
        return port;
    }

    static String checkHolder(String holder) {
        if (holder == null || !HOLDER.matcher(holder).matches()) {
            throw new IllegalArgumentException("port lease holder '" + holder
                    + "': 1-64 letters, digits, '_', '.', ':', '-', starting with a letter or digit");
        }
        return holder;
    }
}
