package zos.user.tool.network;

/** A network operation that could not be done: the message names the network, the node and the reason. */
public final class NetworkException extends Exception {
    private static final long serialVersionUID = 1L;

    public NetworkException(String message) {
        super(message);
    }
}
