package zos.networkd.api.mesh;

/** A network resource that could not be applied, deleted or joined; names the resource and the reason. */
public class NetworkResourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String networkId;

    public NetworkResourceException(String networkId, String message) {
        super("network resource '" + networkId + "': " + message);
        this.networkId = networkId;
    }

    public NetworkResourceException(String networkId, String message, Throwable cause) {
        super("network resource '" + networkId + "': " + message, cause);
        this.networkId = networkId;
    }

    public String networkId() {
        return networkId;
    }
}
