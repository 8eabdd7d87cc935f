package zos.networkd.wireguard.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Talks to a userspace WireGuard implementation over its UAPI unix socket: one request per
 * connection, the answer read until the empty line that ends it. A daemon that does not answer
 * within the timeout gets its connection closed.
 */
final class UapiClient {
    private static final Map<Integer, String> ERRNO_NAMES = Map.of(5, "EIO", 22, "EINVAL", 71, "EPROTO",
            98, "EADDRINUSE: the listen port is in use in the socket's namespace", 55, "unknown error");
    private static final long TIMEOUT_MILLIS = 5000;

    private UapiClient() {
    }

    /** Sends {@code request} and returns the whole answer. */
    static String exchange(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            CompletableFuture<Void> watchdog = new CompletableFuture<>();
            watchdog.completeOnTimeout(null, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).thenRun(() -> {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing is all we can do
                }
            });
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                ByteBuffer in = ByteBuffer.allocate(16 * 1024);
                while (!endsWithEmptyLine(answer)) {
                    in.clear();
                    int read = channel.read(in);
                    if (read < 0) {
                        break;
                    }
                    answer.write(in.array(), 0, read);
                }
                if (!channel.isOpen()) {
                    throw new IOException("no complete answer on " + socket + " within " + TIMEOUT_MILLIS + " ms");
                }
                return answer.toString(StandardCharsets.UTF_8);
            } finally {
                watchdog.complete(null);
            }
        }
    }

    private static boolean endsWithEmptyLine(ByteArrayOutputStream answer) {
        int size = answer.size();
        if (size < 2) {
            return false;
        }
        byte[] bytes = answer.toByteArray();
        return bytes[size - 1] == '\n' && bytes[size - 2] == '\n';
    }

    /** Whether something accepts connections on the socket. */
    static boolean answers(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Text for an errno of the protocol (negative in wireguard-go's answers). */
    static String describe(int errno) {
        int code = Math.abs(errno);
        return "errno " + errno + " (" + ERRNO_NAMES.getOrDefault(code, "see errno(3)") + ")";
    }
}
