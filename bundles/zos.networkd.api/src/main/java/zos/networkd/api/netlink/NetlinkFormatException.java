package zos.networkd.api.netlink;

/** A netlink message that does not follow the wire format (truncated, bad lengths). */
public class NetlinkFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetlinkFormatException(String message) {
        super(message);
    }
}
