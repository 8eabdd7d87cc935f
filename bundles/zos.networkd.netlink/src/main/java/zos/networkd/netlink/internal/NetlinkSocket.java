package zos.networkd.netlink.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import com.sun.jna.LastErrorException;

import zos.networkd.api.host.HostNetworkException;
import zos.networkd.api.netlink.Netlink;
import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;

/**
 * A netlink socket for request/response traffic. It belongs to the network namespace of the
 * thread that opened it, forever; after that any thread may use it (one request at a time).
 * Asks the kernel for extended acknowledgements and capped error echoes.
 */
final class NetlinkSocket implements NetlinkTransport, AutoCloseable {
    /** Dumps the kernel marks as interrupted (the table changed under them) are retried this often. */
    static final int DUMP_ATTEMPTS = 8;
    private static final int RECEIVE_BUFFER = 64 * 1024;
    private static final int REPLY_TIMEOUT_MILLIS = 10_000;

    private final int fd;
    private final int portId;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
    private ByteBuffer sendBuffer = ByteBuffer.allocateDirect(8192).order(ByteOrder.nativeOrder());
    private int sequence = (int) (System.nanoTime() & 0x3fffffff);
    private boolean closed;

    private NetlinkSocket(int fd, int portId) {
        this.fd = fd;
        this.portId = portId;
    }

    /** Opens a socket in the calling thread's network namespace. */
    static NetlinkSocket open(int protocol, String where) {
        int fd;
        try {
            fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        } catch (LastErrorException e) {
            throw Errno.failure("open netlink socket in " + where, e);
        }
        try {
            setIntOption(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1);
            setIntOption(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1);
            setTimeout(fd, REPLY_TIMEOUT_MILLIS);
            Libc.bind(fd, socketAddress(0, 0), 12);
            return new NetlinkSocket(fd, boundPortId(fd));
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw Errno.failure("set up netlink socket in " + where, e);
        }
    }

    static byte[] socketAddress(int pid, int groups) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
        b.putShort((short) Libc.AF_NETLINK).putShort((short) 0).putInt(pid).putInt(groups);
        return b.array();
    }

    static int boundPortId(int fd) {
        byte[] address = new byte[12];
        Libc.getsockname(fd, address, new int[] {12});
        return ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).getInt(4);
    }

    static void setIntOption(int fd, int level, int option, int value) {
        byte[] raw = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        Libc.setsockopt(fd, level, option, raw, 4);
    }

    static void setTimeout(int fd, int millis) {
        byte[] timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                .putLong(millis / 1000).putLong((millis % 1000) * 1000L).array();
        Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeval, 16);
    }

    static void closeQuietly(int fd) {
        try {
            Libc.close(fd);
        } catch (LastErrorException ignored) {
            // nothing useful to do: the descriptor is gone either way
        }
    }

    /** See {@link NetlinkExchange#request}. */
    synchronized List<NetlinkMessage> request(NetlinkMessageWriter message, String operation) {
        return NetlinkExchange.request(this, message, operation);
    }

    /** See {@link NetlinkExchange#dump}. */
    synchronized List<NetlinkMessage> dump(NetlinkMessageWriter message, String operation) {
        return NetlinkExchange.dump(this, message, operation, DUMP_ATTEMPTS);
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public int send(NetlinkMessageWriter message, String operation) {
        ensureOpen(operation);
        int seq = ++sequence;
        ByteBuffer bytes = message.finish(seq, portId);
        if (sendBuffer.capacity() < bytes.remaining()) {
            sendBuffer = ByteBuffer.allocateDirect(Integer.highestOneBit(bytes.remaining()) * 2)
                    .order(ByteOrder.nativeOrder());
        }
        sendBuffer.clear();
        sendBuffer.put(bytes);
        int length = sendBuffer.position();
        sendBuffer.flip(); // JNA passes the address at the buffer's position
        try {
            Libc.sendto(fd, sendBuffer, length, 0, socketAddress(0, 0), 12);
        } catch (LastErrorException e) {
            throw Errno.failure(operation, e);
        }
        return seq;
    }

    /** Receives one datagram and returns its messages, copied out of the shared buffer. */
    @Override
    public List<NetlinkMessage> receive(String operation) {
        long length;
        try {
            length = Libc.recv(fd, receiveBuffer, RECEIVE_BUFFER, Libc.MSG_TRUNC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EAGAIN) {
                throw new HostNetworkException(operation,
                        "no answer from the kernel in " + REPLY_TIMEOUT_MILLIS / 1000 + " s");
            }
            throw Errno.failure(operation, e);
        }
        if (length > RECEIVE_BUFFER) {
            throw new HostNetworkException(operation,
                    "netlink answer of " + length + " bytes exceeds the " + RECEIVE_BUFFER + "-byte receive buffer");
        }
        byte[] copy = new byte[(int) length];
        receiveBuffer.get(0, copy);
        return NetlinkMessage.parseAll(ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()));
    }

    private void ensureOpen(String operation) {
        if (closed) {
            throw new HostNetworkException(operation, "the netlink socket was closed (component stopping)");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(fd);
        }
    }
}
