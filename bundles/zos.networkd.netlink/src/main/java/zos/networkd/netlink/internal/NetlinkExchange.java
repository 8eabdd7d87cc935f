package zos.networkd.netlink.internal;

import java.util.ArrayList;
import java.util.List;

import zos.networkd.api.netlink.Netlink;
import zos.networkd.api.netlink.NetlinkAck;
import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;

/**
 * The request/response rules of netlink, apart from the socket: matching answers to the request by
 * sequence and port, acknowledgements and errors (with extended ack), multipart dumps ending in
 * {@code NLMSG_DONE}, and dumps the kernel flags {@code NLM_F_DUMP_INTR} run again.
 */
final class NetlinkExchange {
    private NetlinkExchange() {
    }

    /**
     * Sends a request that asks for an acknowledgement and returns the messages the kernel answered
     * with before it (none for a change, the object for a GET).
     */
    static List<NetlinkMessage> request(NetlinkTransport transport, NetlinkMessageWriter message, String operation) {
        List<NetlinkMessage> replies = new ArrayList<>();
        exchange(transport, message, operation, replies);
        return replies;
    }

    /**
     * Runs a dump and returns every object message; a dump flagged {@code NLM_F_DUMP_INTR} (the
     * set changed while the kernel walked it) is repeated, up to {@code attempts} times.
     */
    static List<NetlinkMessage> dump(NetlinkTransport transport, NetlinkMessageWriter message, String operation,
            int attempts) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            List<NetlinkMessage> objects = new ArrayList<>();
            if (!exchange(transport, message, operation, objects)) {
                return objects;
            }
        }
        throw Errno.failure(operation + " (the kernel's dump was interrupted " + attempts + " times in a row)",
                Libc.EINTR, null);
    }

    /**
     * Sends the message and collects the answers until the acknowledgement, the error or the end
     * of the dump; returns whether the kernel flagged the dump interrupted.
     */
    private static boolean exchange(NetlinkTransport transport, NetlinkMessageWriter message, String operation,
            List<NetlinkMessage> objects) {
        int seq = transport.send(message, operation);
        boolean interrupted = false;
        while (true) {
            for (NetlinkMessage m : transport.receive(operation)) {
                if (m.sequence() != seq || m.portId() != transport.portId()) {
                    continue;
                }
                interrupted |= m.hasFlag(Netlink.NLM_F_DUMP_INTR);
                if (m.isError()) {
                    NetlinkAck ack = m.ack();
                    if (!ack.isSuccess()) {
                        throw Errno.failure(operation, ack.errno(), ack.message().orElse(null));
                    }
                    return interrupted;
                }
                if (m.isDone()) {
                    int errno = m.doneErrno();
                    if (errno != 0) {
                        throw Errno.failure(operation, errno, null);
                    }
                    return interrupted;
                }
                objects.add(m);
            }
        }
    }
}
