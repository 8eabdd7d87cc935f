package zos.networkd.api.ports;

/** A lease the node refuses: names the port, and the holder or the configuration that has it. */
public class PortLeaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int port;
    private final String heldBy;

    /**
     * @param port the port asked for, 0 when any was
     * @param heldBy who has it (a holder, or the configuration that reserves it), null when nobody
     */
    public PortLeaseException(int port, String heldBy, String message) {
        super(message);
        this.port = port;
        this.heldBy = heldBy;
    }

    public int port() {
        return port;
    }

    public String heldBy() {
        return heldBy;
    }
}
