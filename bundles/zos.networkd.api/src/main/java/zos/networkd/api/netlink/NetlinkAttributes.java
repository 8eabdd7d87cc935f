package zos.networkd.api.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

    // Parsing only indexes the region (type, offset, length per attribute); Attribute views are made
    // for the attributes a caller asks for. A link dump has ~50 attributes per link, of which a
    // decoder reads a handful.
    private final ByteBuffer region;
    private final int[] types;
    private final int[] offsets;
    private final int[] lengths;
    private final int count;

    private NetlinkAttributes(ByteBuffer region, int[] types, int[] offsets, int[] lengths, int count) {
        this.region = region;
        this.types = types;
        this.offsets = offsets;
        this.lengths = lengths;
        this.count = count;
    }

    /** Parses the attributes from the buffer's position to its limit; the buffer is not moved. */
    public static NetlinkAttributes parse(ByteBuffer region) {
        ByteBuffer in = region.slice().order(ByteOrder.nativeOrder());
        int capacity = Math.max(4, in.remaining() / 8);
        int[] types = new int[capacity];
        int[] offsets = new int[capacity];
        int[] lengths = new int[capacity];
        int count = 0;
        int position = 0;
        int limit = in.limit();
        while (limit - position >= Netlink.ATTRIBUTE_HEADER_SIZE) {
            int length = in.getShort(position) & 0xffff;
            int type = in.getShort(position + 2) & Netlink.NLA_TYPE_MASK;
            if (length < Netlink.ATTRIBUTE_HEADER_SIZE || length > limit - position) {
                throw new NetlinkFormatException(
                        "attribute " + type + " at offset " + position + ": length " + length + " of " + (limit - position));
            }
            if (count == types.length) {
                types = Arrays.copyOf(types, count * 2);
                offsets = Arrays.copyOf(offsets, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
            }
            types[count] = type;
            offsets[count] = position + Netlink.ATTRIBUTE_HEADER_SIZE;
            lengths[count] = length - Netlink.ATTRIBUTE_HEADER_SIZE;
            count++;
            position = Math.min(limit, position + Netlink.align(length));
        }
        return new NetlinkAttributes(in, types, offsets, lengths, count);
    }

    private Attribute attribute(int i) {
        ByteBuffer payload = region.duplicate();
        payload.position(offsets[i]).limit(offsets[i] + lengths[i]);
        return new Attribute(types[i], payload.slice());
    }

    public List<Attribute> all() {
        List<Attribute> every = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            every.add(attribute(i));
        }
        return Collections.unmodifiableList(every);
    }

    public List<Attribute> all(int type) {
        List<Attribute> matching = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (types[i] == type) {
                matching.add(attribute(i));
            }
        }
        return matching;
    }

    public Optional<Attribute> get(int type) {
        for (int i = 0; i < count; i++) {
            if (types[i] == type) {
                return Optional.of(attribute(i));
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
        return count;
    }
}
