package zos.networkd.netlink.internal;

import java.util.List;

import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;

/** Sending one netlink message and receiving one datagram: what {@link NetlinkExchange} needs of a socket. */
interface NetlinkTransport {
    /** Sends the message with a fresh sequence number and returns that number. */
    int send(NetlinkMessageWriter message, String operation);

    /** Blocks for the next datagram and returns its messages. */
    List<NetlinkMessage> receive(String operation);

    /** The port id the kernel addresses answers to. */
    int portId();
}
