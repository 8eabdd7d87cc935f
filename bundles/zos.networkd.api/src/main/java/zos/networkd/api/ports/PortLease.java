package zos.networkd.api.ports;

import java.time.Instant;

/**
 * One UDP listen port held by one holder (a network resource).
 *
 * @param port the port, 1..65535
 * @param holder who holds it (a network resource id; {@code device:<name>} for an adopted device)
 * @param origin how it was leased
 * @param since when it was leased
 */
public record PortLease(int port, String holder, LeaseOrigin origin, Instant since) {
    public PortLease {
        PortLeases.checkPort(port);
        PortLeases.checkHolder(holder);
        if (origin == null || since == null) {
            throw new IllegalArgumentException("lease of port " + port + " without origin or time");
        }
    }
}
