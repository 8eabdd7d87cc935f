package zos.networkd.api.wireguard;

/**
 * A WireGuard operation that failed: names the device, what was done and why (the kernel's errno
 * text, wireguard-go's own words). Never carries a key.
 */
public class WireguardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String device;

    public WireguardException(String device, String operation, String reason) {
        super(operation + " WireGuard device '" + device + "': " + reason);
        this.device = device;
    }

    public WireguardException(String device, String operation, String reason, Throwable cause) {
        super(operation + " WireGuard device '" + device + "': " + reason, cause);
        this.device = device;
    }

    public String device() {
        return device;
    }
}
