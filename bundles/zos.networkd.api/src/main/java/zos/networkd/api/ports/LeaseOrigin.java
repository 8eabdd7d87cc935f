package zos.networkd.api.ports;

/** How a port came to be leased. */
public enum LeaseOrigin {
    /** The holder asked for this very port. */
    REQUESTED,
    /** The holder asked for any port (0) and the node chose it. */
    CHOSEN,
    /** A running WireGuard device listened on it without a lease; the node took it over so nobody else gets it. */
    ADOPTED
}
