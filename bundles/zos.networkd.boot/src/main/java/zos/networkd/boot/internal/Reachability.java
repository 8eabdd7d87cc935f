package zos.networkd.boot.internal;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import zos.networkd.api.host.NetworkNamespace;

/** "Online" as the node means it: a TCP connection to the registry succeeds from inside a namespace. */
final class Reachability {
    private Reachability() {
    }

    /** Null when it connected; otherwise why not ({@code connection refused}, {@code timed out after 3 s}). */
    static String check(NetworkNamespace namespace, InetSocketAddress target, Duration timeout) {
        try {
            return namespace.call(() -> {
                // the socket is created on the namespace's thread, so it lives in that namespace
                try (Socket socket = new Socket()) {
                    socket.connect(resolved(target), (int) timeout.toMillis());
                    return null;
                } catch (java.net.SocketTimeoutException e) {
                    return "timed out after " + timeout.toSeconds() + " s";
                } catch (java.io.IOException e) {
                    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().toLowerCase();
                }
            });
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private static InetSocketAddress resolved(InetSocketAddress target) {
        return target.isUnresolved() ? new InetSocketAddress(target.getHostString(), target.getPort()) : target;
    }
}
