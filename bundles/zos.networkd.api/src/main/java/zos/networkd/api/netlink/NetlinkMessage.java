package zos.networkd.api.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received netlink message: header fields and payload (family header + attributes). The
 * payload is a read-only view on the received datagram.
 */
public record NetlinkMessage(int type, int flags, int sequence, int portId, ByteBuffer payload) {

    public NetlinkMessage {
        payload = payload.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    /** Splits a received datagram into its messages. */
    public static List<NetlinkMessage> parseAll(ByteBuffer datagram) {
        ByteBuffer in = datagram.duplicate().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> messages = new ArrayList<>();
        while (in.remaining() >= Netlink.HEADER_SIZE) {
            int start = in.position();
            int length = in.getInt(start);
            if (length < Netlink.HEADER_SIZE || length > in.remaining()) {
                throw new NetlinkFormatException(
                        "message at offset " + start + ": length " + length + " of " + in.remaining() + " bytes");
            }
            int type = in.getShort(start + 4) & 0xffff;
            int flags = in.getShort(start + 6) & 0xffff;
            int sequence = in.getInt(start + 8);
            int portId = in.getInt(start + 12);
            ByteBuffer payload = in.duplicate();
            payload.position(start + Netlink.HEADER_SIZE).limit(start + length);
            messages.add(new NetlinkMessage(type, flags, sequence, portId, payload.slice()));
            in.position(Math.min(in.limit(), start + Netlink.align(length)));
        }
        return messages;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    public boolean isError() {
        return type == Netlink.NLMSG_ERROR;
    }

    public boolean isDone() {
        return type == Netlink.NLMSG_DONE;
    }

    /** The attributes after a family header of {@code familyHeaderSize} bytes. */
    public NetlinkAttributes attributes(int familyHeaderSize) {
        if (payload.remaining() < familyHeaderSize) {
            throw new NetlinkFormatException("message type " + type + ": payload " + payload.remaining()
                    + " bytes, shorter than its " + familyHeaderSize + "-byte header");
        }
        ByteBuffer region = payload.duplicate();
        region.position(region.position() + Netlink.align(familyHeaderSize));
        return NetlinkAttributes.parse(region.slice().order(ByteOrder.nativeOrder()));
    }

    /** Reads a field of the family header. */
    public int u8At(int offset) {
        return payload.get(payload.position() + offset) & 0xff;
    }

    public int u16At(int offset) {
        return payload.getShort(payload.position() + offset) & 0xffff;
    }

    public int i32At(int offset) {
        return payload.getInt(payload.position() + offset);
    }

    /** The acknowledgement or error this {@code NLMSG_ERROR} message carries. */
    public NetlinkAck ack() {
        if (!isError()) {
            throw new IllegalStateException("message type " + type + " is not NLMSG_ERROR");
        }
        return NetlinkAck.parse(this);
    }

    /**
     * The error code a {@code NLMSG_DONE} ends a dump with (0 when the dump went through; older
     * kernels send no code at all).
     */
    public int doneErrno() {
        return payload.remaining() >= 4 ? -payload.getInt(payload.position()) : 0;
    }
}
