package zos.networkd.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import zos.networkd.api.host.NetworkNamespace;

/** One TCP stream between two namespaces, from JVM threads that live in them: megabits per second. */
final class TcpThroughput {
    private TcpThroughput() {
    }

    /** Sends from {@code sender} to {@code address}:5201, where {@code receiver} listens, for {@code seconds}. */
    static double mbits(NetworkNamespace sender, NetworkNamespace receiver, String address, int seconds) throws Exception {
        ServerSocketChannel server = receiver.call(() -> ServerSocketChannel.open().bind(new InetSocketAddress(address, 5201)));
        try {
            CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel in = server.accept()) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
                    long total = 0;
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        total += n;
                        buffer.clear();
                    }
                    return total;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long started = sender.call(() -> {
                try (SocketChannel out = SocketChannel.open()) {
                    out.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    out.connect(new InetSocketAddress(address, 5201));
                    ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
                    long start = System.nanoTime();
                    long end = start + TimeUnit.SECONDS.toNanos(seconds);
                    while (System.nanoTime() < end) {
                        buffer.clear();
                        out.write(buffer);
                    }
                    out.shutdownOutput();
                    return start;
                }
            });
            long bytes = received.get(30, TimeUnit.SECONDS);
            return bytes * 8.0 / ((System.nanoTime() - started) / 1e9) / 1e6;
        } finally {
            server.close();
        }
    }
}
