package zos.networkd.api.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one netlink message: the header, a family header (e.g. {@code ifinfomsg}) and attributes,
 * possibly nested. Integers are in host byte order unless a method says big-endian. Every
 * attribute is padded to 4 bytes. Not thread-safe; cheap to create.
 *
 * <pre>
 * NetlinkMessageWriter w = new NetlinkMessageWriter(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE);
 * w.putU8(AF_UNSPEC).putU8(0).putU16(0).putI32(0).putI32(0).putI32(0); // ifinfomsg
 * w.putString(IFLA_IFNAME, "br0");
 * int info = w.beginNested(IFLA_LINKINFO);
 * w.putString(IFLA_INFO_KIND, "bridge");
 * w.endNested(info);
 * ByteBuffer message = w.finish(seq, 0);
 * </pre>
 */
public final class NetlinkMessageWriter {
    private ByteBuffer buffer;
    private int openNests;

    public NetlinkMessageWriter(int type, int flags) {
        buffer = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        buffer.putInt(0); // length, set by finish
        buffer.putShort((short) type);
        buffer.putShort((short) flags);
        buffer.putInt(0); // sequence, set by finish
        buffer.putInt(0); // port id, set by finish
    }

    private void ensure(int more) {
        if (buffer.remaining() < more) {
            int capacity = Math.max(buffer.capacity() * 2, buffer.position() + more);
            ByteBuffer grown = ByteBuffer.allocate(capacity).order(ByteOrder.nativeOrder());
            buffer.flip();
            grown.put(buffer);
            buffer = grown;
        }
    }

    private void pad() {
        int padding = Netlink.align(buffer.position()) - buffer.position();
        ensure(padding);
        for (int i = 0; i < padding; i++) {
            buffer.put((byte) 0);
        }
    }

    // ---- raw fields of the family header ----

    public NetlinkMessageWriter putU8(int value) {
        ensure(1);
        buffer.put((byte) value);
        return this;
    }

    public NetlinkMessageWriter putU16(int value) {
        ensure(2);
        buffer.putShort((short) value);
        return this;
    }

    public NetlinkMessageWriter putI32(int value) {
        ensure(4);
        buffer.putInt(value);
        return this;
    }

    public NetlinkMessageWriter putBytes(byte[] bytes) {
        ensure(bytes.length);
        buffer.put(bytes);
        return this;
    }

    // ---- attributes ----

    private void attributeHeader(int type, int payloadLength) {
        int length = Netlink.ATTRIBUTE_HEADER_SIZE + payloadLength;
        if (length > 0xffff) {
            throw new IllegalArgumentException("netlink attribute " + type + " too long: " + payloadLength + " bytes");
        }
        pad();
        ensure(length + 3);
        buffer.putShort((short) length);
        buffer.putShort((short) type);
    }

    public NetlinkMessageWriter putAttribute(int type, byte[] payload) {
        attributeHeader(type, payload.length);
        buffer.put(payload);
        return this;
    }

    public NetlinkMessageWriter putFlag(int type) {
        attributeHeader(type, 0);
        return this;
    }

    public NetlinkMessageWriter putU8(int type, int value) {
        attributeHeader(type, 1);
        buffer.put((byte) value);
        return this;
    }

    public NetlinkMessageWriter putU16(int type, int value) {
        attributeHeader(type, 2);
        buffer.putShort((short) value);
        return this;
    }

    /** A 16-bit attribute in network byte order (ports, VLAN protocol ids). */
    public NetlinkMessageWriter putU16BigEndian(int type, int value) {
        attributeHeader(type, 2);
        buffer.put((byte) (value >>> 8)).put((byte) value);
        return this;
    }

    public NetlinkMessageWriter putU32(int type, int value) {
        attributeHeader(type, 4);
        buffer.putInt(value);
        return this;
    }

    public NetlinkMessageWriter putU64(int type, long value) {
        attributeHeader(type, 8);
        buffer.putLong(value);
        return this;
    }

    /** A NUL-terminated string attribute. */
    public NetlinkMessageWriter putString(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = Arrays.copyOf(bytes, bytes.length + 1);
        return putAttribute(type, terminated);
    }

    /** Opens a nested attribute; close it with {@link #endNested(int)} and the returned handle. */
    public int beginNested(int type) {
        attributeHeader(type | Netlink.NLA_F_NESTED, 0);
        openNests++;
        return buffer.position() - Netlink.ATTRIBUTE_HEADER_SIZE;
    }

    /**
     * Opens a nested attribute without the {@code NLA_F_NESTED} flag, as some old families
     * (e.g. {@code IFLA_LINKINFO} data of some kinds, {@code VETH_INFO_PEER}) expect.
     */
    public int beginNestedUnflagged(int type) {
        attributeHeader(type, 0);
        openNests++;
        return buffer.position() - Netlink.ATTRIBUTE_HEADER_SIZE;
    }

    public NetlinkMessageWriter endNested(int handle) {
        if (openNests == 0) {
            throw new IllegalStateException("endNested without beginNested");
        }
        pad(); // like the kernel's nla_nest_end, the nest covers its last child's padding
        int length = buffer.position() - handle;
        if (length > 0xffff) {
            throw new IllegalArgumentException("nested netlink attribute too long: " + length + " bytes");
        }
        buffer.putShort(handle, (short) length);
        openNests--;
        return this;
    }

    /** Completes the message: sets length, sequence and port id; returns it ready to send. */
    public ByteBuffer finish(int sequence, int portId) {
        if (openNests != 0) {
            throw new IllegalStateException(openNests + " nested attribute(s) not closed");
        }
        pad();
        buffer.putInt(0, buffer.position());
        buffer.putInt(8, sequence);
        buffer.putInt(12, portId);
        ByteBuffer done = buffer.duplicate().order(ByteOrder.nativeOrder());
        done.flip();
        return done;
    }
}
