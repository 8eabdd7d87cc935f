package zos.networkd.api.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The attributes of one region of a netlink message, in wire order. Types are compared without
 * the {@code NLA_F_NESTED}/{@code NLA_F_NET_BYTEORDER} flags; a repeated type keeps every
 * occurrence. Values are views on the message's bytes.
 */
public final class NetlinkAttributes {
    /** One attribute: its type (flags masked off) and its payload. */
    public record Attribute(int type, ByteBuffer payload) {
        public Attribute {
            payload = payload.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
        }

        public int length() {
            return payload.remaining();
        }

        public byte[] bytes() {
            byte[] out = new byte[payload.remaining()];
            payload.duplicate().get(out);
            return out;
        }

        public int u8() {
            requireLength(1);
            return payload.get(payload.position()) & 0xff;
        }

        public int u16() {
            requireLength(2);
            return payload.getShort(payload.position()) & 0xffff;
        }

        public int u16BigEndian() {
            requireLength(2);
            int at = payload.position();
            return ((payload.get(at) & 0xff) << 8) | (payload.get(at + 1) & 0xff);
        }

        /** An unsigned 32-bit value as a Java int (bit pattern kept). */
        public int u32() {
            requireLength(4);
            return payload.getInt(payload.position());
        }

        public long u64() {
            requireLength(8);
            return payload.getLong(payload.position());
        }

        /** A string attribute, with or without its terminating NUL. */
        public String string() {
            byte[] raw = bytes();
            int end = 0;
            while (end < raw.length && raw[end] != 0) {
                end++;
            }
            return new String(raw, 0, end, StandardCharsets.UTF_8);
        }

        /** A 4- or 16-byte address attribute. */
        public InetAddress address() {
            try {
                return InetAddress.getByAddress(bytes());
            } catch (UnknownHostException e) {
                throw new NetlinkFormatException("attribute " + type + ": not an IP address (" + length() + " bytes)");
            }
        }

        public NetlinkAttributes nested() {
            return NetlinkAttributes.parse(payload);
        }

        private void requireLength(int needed) {
            if (payload.remaining() < needed) {
                throw new NetlinkFormatException(
                        "attribute " + type + ": " + payload.remaining() + " bytes, expected " + needed);
            }
        }
    }

    private final List<Attribute> attributes;

    private NetlinkAttributes(List<Attribute> attributes) {
        this.attributes = Collections.unmodifiableList(attributes);
    }

    /** Parses the attributes from the buffer's position to its limit; the buffer is not moved. */
    public static NetlinkAttributes parse(ByteBuffer region) {
        ByteBuffer in = region.duplicate().order(ByteOrder.nativeOrder());
        List<Attribute> found = new ArrayList<>();
        while (in.remaining() >= Netlink.ATTRIBUTE_HEADER_SIZE) {
            int start = in.position();
            int length = in.getShort(start) & 0xffff;
            int type = in.getShort(start + 2) & Netlink.NLA_TYPE_MASK;
            if (length < Netlink.ATTRIBUTE_HEADER_SIZE || length > in.remaining()) {
                throw new NetlinkFormatException(
                        "attribute " + type + " at offset " + start + ": length " + length + " of " + in.remaining());
            }
            ByteBuffer payload = in.duplicate();
            payload.position(start + Netlink.ATTRIBUTE_HEADER_SIZE).limit(start + length);
            found.add(new Attribute(type, payload.slice().order(ByteOrder.nativeOrder())));
            in.position(Math.min(in.limit(), start + Netlink.align(length)));
        }
        return new NetlinkAttributes(found);
    }

    public List<Attribute> all() {
        return attributes;
    }

    public List<Attribute> all(int type) {
        List<Attribute> matching = new ArrayList<>();
        for (Attribute a : attributes) {
            if (a.type() == type) {
                matching.add(a);
            }
        }
        return matching;
    }

    public Optional<Attribute> get(int type) {
        for (Attribute a : attributes) {
            if (a.type() == type) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public boolean has(int type) {
        return get(type).isPresent();
    }

    public Optional<String> string(int type) {
        return get(type).map(Attribute::string);
    }

    public OptionalInt u8(int type) {
        return get(type).map(a -> OptionalInt.of(a.u8())).orElse(OptionalInt.empty());
    }

    public OptionalInt u16(int type) {
        return get(type).map(a -> OptionalInt.of(a.u16())).orElse(OptionalInt.empty());
    }

    public OptionalInt u32(int type) {
        return get(type).map(a -> OptionalInt.of(a.u32())).orElse(OptionalInt.empty());
    }

    public OptionalLong u64(int type) {
        return get(type).map(a -> OptionalLong.of(a.u64())).orElse(OptionalLong.empty());
    }

    public Optional<InetAddress> address(int type) {
        return get(type).map(Attribute::address);
    }

    public Optional<NetlinkAttributes> nested(int type) {
        return get(type).map(Attribute::nested);
    }

    public int size() {
        return attributes.size();
    }
}
