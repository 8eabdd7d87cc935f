package zos.networkd.netlink.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.LastErrorException;

import zos.networkd.api.host.EventGroup;
import zos.networkd.api.host.NetworkEvent;
import zos.networkd.api.host.NetworkEventListener;
import zos.networkd.api.host.Subscription;
import zos.networkd.api.netlink.Netlink;
import zos.networkd.api.netlink.NetlinkMessage;

/**
 * A socket joined to rtnetlink multicast groups inside one namespace, and the thread that reads
 * it and hands each event to the listener. A receive timeout lets the thread notice
 * {@link #close()} without signals.
 */
final class EventSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);
    private static final int RECEIVE_BUFFER = 64 * 1024;
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    private static final int POLL_MILLIS = 250;

    private final int fd;
    private final String description;
    private final NetworkEventListener listener;
    private final Thread reader;
    private volatile boolean closed;

    EventSubscription(NamespaceContext context, Set<EventGroup> groups, NetworkEventListener listener) {
        this.description = context.description();
        this.listener = listener;
        this.fd = context.worker().callUnchecked(() -> openSocket(groups, description));
        this.reader = new Thread(this::read, "netlink-events-" + (context.name() == null ? "own" : context.name()));
        reader.setDaemon(true);
        reader.start();
    }

    private static int openSocket(Set<EventGroup> groups, String description) {
        int fd;
        try {
            fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Netlink.NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw Errno.failure("subscribe to events in " + description, e);
        }
        try {
            Libc.bind(fd, NetlinkSocket.socketAddress(0, 0), 12);
            for (EventGroup group : groups) {
                NetlinkSocket.setIntOption(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group.group());
            }
            try {
                // bursts (a namespace with hundreds of links going away) must not overrun the socket
                NetlinkSocket.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, SOCKET_BUFFER_BYTES);
            } catch (LastErrorException e) {
                NetlinkSocket.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            }
            NetlinkSocket.setTimeout(fd, POLL_MILLIS);
            return fd;
        } catch (LastErrorException e) {
            NetlinkSocket.closeQuietly(fd);
            throw Errno.failure("subscribe to events in " + description, e);
        }
    }

    private void read() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
        while (!closed) {
            long length;
            try {
                length = Libc.recv(fd, buffer, RECEIVE_BUFFER, Libc.MSG_TRUNC);
            } catch (LastErrorException e) {
                if (closed) {
                    break;
                }
                if (e.getErrorCode() == Libc.EAGAIN || e.getErrorCode() == Libc.EINTR) {
                    continue;
                }
                if (e.getErrorCode() == Libc.ENOBUFS) {
                    LOG.warn("Kernel events of {} were lost (socket overrun); listeners re-read their state", description);
                    deliver(new NetworkEvent.EventsLost());
                    continue;
                }
                LOG.error("Reading kernel events of {} failed: {} ({}); events stop", description,
                        Errno.text(e.getErrorCode()), Errno.name(e.getErrorCode()));
                break;
            }
            if (length > RECEIVE_BUFFER) {
                LOG.warn("A kernel event of {} bytes in {} was truncated; listeners re-read their state", length,
                        description);
                deliver(new NetworkEvent.EventsLost());
                continue;
            }
            byte[] copy = new byte[(int) length];
            buffer.get(0, copy);
            try {
                for (NetlinkMessage message : NetlinkMessage.parseAll(ByteBuffer.wrap(copy))) {
                    NetworkEvent event = decode(message);
                    if (event != null) {
                        deliver(event);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Undecodable kernel event in {}: {}", description, e.toString());
                deliver(new NetworkEvent.EventsLost());
            }
        }
    }

    static NetworkEvent decode(NetlinkMessage m) {
        return switch (m.type()) {
            case Rtnl.RTM_NEWLINK -> new NetworkEvent.LinkChanged(Rtnl.parseLink(m));
            case Rtnl.RTM_DELLINK -> new NetworkEvent.LinkRemoved(Rtnl.parseLink(m));
            case Rtnl.RTM_NEWADDR -> new NetworkEvent.AddressAdded(Rtnl.parseAddress(m));
            case Rtnl.RTM_DELADDR -> new NetworkEvent.AddressRemoved(Rtnl.parseAddress(m));
            case Rtnl.RTM_NEWROUTE -> new NetworkEvent.RouteAdded(Rtnl.parseRoute(m));
            case Rtnl.RTM_DELROUTE -> new NetworkEvent.RouteRemoved(Rtnl.parseRoute(m));
            default -> null;
        };
    }

    private void deliver(NetworkEvent event) {
        if (closed) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("Listener of kernel events in {} failed on {}", description, event.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != reader) {
            try {
                reader.join(POLL_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        NetlinkSocket.closeQuietly(fd);
    }
}
