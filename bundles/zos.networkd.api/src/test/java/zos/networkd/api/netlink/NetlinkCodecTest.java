package zos.networkd.api.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class NetlinkCodecTest {

    private static final int RTM_NEWLINK = 16;
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_MTU = 4;
    private static final int IFLA_LINKINFO = 18;
    private static final int IFLA_INFO_KIND = 1;
    private static final int IFLA_INFO_DATA = 2;

    private static ByteBuffer concat(ByteBuffer... parts) {
        int total = 0;
        for (ByteBuffer p : parts) {
            total += Netlink.align(p.remaining());
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.nativeOrder());
        for (ByteBuffer p : parts) {
            int start = out.position();
            out.put(p.duplicate());
            out.position(start + Netlink.align(p.remaining()));
        }
        return out.flip();
    }

    @Test
    void headerCarriesLengthTypeFlagsSequenceAndPort() {
        NetlinkMessageWriter w = new NetlinkMessageWriter(RTM_NEWLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        w.putI32(0x11223344);
        ByteBuffer bytes = w.finish(77, 4242);
        assertEquals(20, bytes.remaining());
        assertEquals(20, bytes.getInt(0));
        assertEquals(RTM_NEWLINK, bytes.getShort(4));
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, bytes.getShort(6));
        assertEquals(77, bytes.getInt(8));
        assertEquals(4242, bytes.getInt(12));
        assertEquals(0x11223344, bytes.getInt(16));
    }

    @Test
    void attributesArePaddedToFourBytesWithTheirRealLengthInTheHeader() {
        NetlinkMessageWriter w = new NetlinkMessageWriter(RTM_NEWLINK, 0);
        w.putString(IFLA_IFNAME, "abcd"); // 4 header + 5 bytes = 9, padded to 12
        w.putU8(7, 1); // 5, padded to 8
        ByteBuffer bytes = w.finish(1, 0);
        assertEquals(16 + 12 + 8, bytes.remaining());
        assertEquals(9, bytes.getShort(16));
        assertEquals(IFLA_IFNAME, bytes.getShort(18));
        assertEquals('a', bytes.get(20));
        assertEquals(0, bytes.get(24)); // NUL terminator
        assertEquals(5, bytes.getShort(28));
        assertEquals(7, bytes.getShort(30));
    }

    @Test
    void nestedAttributesRoundTripAndTheNestedFlagIsMaskedOnParse() {
        NetlinkMessageWriter w = new NetlinkMessageWriter(RTM_NEWLINK, 0);
        w.putBytes(new byte[16]); // ifinfomsg
        w.putString(IFLA_IFNAME, "br-lab0");
        w.putU32(IFLA_MTU, 1420);
        int info = w.beginNested(IFLA_LINKINFO);
        w.putString(IFLA_INFO_KIND, "vlan");
        int data = w.beginNested(IFLA_INFO_DATA);
        w.putU16(1, 42);
        w.putU16BigEndian(5, 0x8100);
        w.endNested(data);
        w.endNested(info);
        ByteBuffer bytes = w.finish(9, 0);

        List<NetlinkMessage> messages = NetlinkMessage.parseAll(bytes);
        assertEquals(1, messages.size());
        NetlinkAttributes attributes = messages.get(0).attributes(16);
        assertEquals(Optional.of("br-lab0"), attributes.string(IFLA_IFNAME));
        assertEquals(OptionalInt.of(1420), attributes.u32(IFLA_MTU));
        NetlinkAttributes linkInfo = attributes.nested(IFLA_LINKINFO).orElseThrow();
        assertEquals(Optional.of("vlan"), linkInfo.string(IFLA_INFO_KIND));
        NetlinkAttributes vlan = linkInfo.nested(IFLA_INFO_DATA).orElseThrow();
        assertEquals(OptionalInt.of(42), vlan.u16(1));
        assertEquals(0x8100, vlan.get(5).orElseThrow().u16BigEndian());
        // the raw type on the wire has NLA_F_NESTED
        int linkInfoOffset = 16 + 16 + 12 + 8;
        assertEquals(IFLA_LINKINFO | Netlink.NLA_F_NESTED, bytes.getShort(linkInfoOffset + 2) & 0xffff);
        // the nested length covers exactly its children
        int nestedLength = bytes.getShort(linkInfoOffset) & 0xffff;
        assertEquals(bytes.remaining() - linkInfoOffset, nestedLength);
    }

    @Test
    void unclosedNestIsRefused() {
        NetlinkMessageWriter w = new NetlinkMessageWriter(RTM_NEWLINK, 0);
        w.beginNested(IFLA_LINKINFO);
        assertThrows(IllegalStateException.class, () -> w.finish(1, 0));
    }

    @Test
    void writerGrowsForLargeMessages() {
        NetlinkMessageWriter w = new NetlinkMessageWriter(RTM_NEWLINK, 0);
        for (int i = 0; i < 1000; i++) {
            w.putU32(i % 100 + 1, i);
        }
        ByteBuffer bytes = w.finish(1, 0);
        assertEquals(16 + 1000 * 8, bytes.remaining());
        NetlinkAttributes parsed = NetlinkMessage.parseAll(bytes).get(0).attributes(0);
        assertEquals(1000, parsed.size());
        assertEquals(10, parsed.all(1).size()); // repeated types keep every occurrence
        assertEquals(999, parsed.all().get(999).u32());
    }

    @Test
    void multipartDumpSplitsIntoMessagesAndExposesFlags() {
        ByteBuffer first = new NetlinkMessageWriter(RTM_NEWLINK, Netlink.NLM_F_MULTI).putI32(1).finish(5, 99);
        ByteBuffer second = new NetlinkMessageWriter(RTM_NEWLINK, Netlink.NLM_F_MULTI | Netlink.NLM_F_DUMP_INTR)
                .putI32(2).finish(5, 99);
        ByteBuffer done = new NetlinkMessageWriter(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI).putI32(0).finish(5, 99);
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(concat(first, second, done));
        assertEquals(3, messages.size());
        assertTrue(messages.get(0).hasFlag(Netlink.NLM_F_MULTI));
        assertFalse(messages.get(0).hasFlag(Netlink.NLM_F_DUMP_INTR));
        assertTrue(messages.get(1).hasFlag(Netlink.NLM_F_DUMP_INTR));
        assertEquals(2, messages.get(1).i32At(0));
        assertTrue(messages.get(2).isDone());
        assertEquals(0, messages.get(2).doneErrno());
        assertEquals(99, messages.get(2).portId());
        assertEquals(5, messages.get(2).sequence());
    }

    @Test
    void doneCarriesTheDumpsErrorCode() {
        ByteBuffer done = new NetlinkMessageWriter(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI).putI32(-22).finish(1, 1);
        assertEquals(22, NetlinkMessage.parseAll(done).get(0).doneErrno());
    }

    /** An NLMSG_ERROR as the kernel builds it with NETLINK_CAP_ACK and NETLINK_EXT_ACK on. */
    static ByteBuffer cappedError(int errno, int requestType, int requestSeq, String text, Integer offset) {
        NetlinkMessageWriter w = new NetlinkMessageWriter(Netlink.NLMSG_ERROR,
                Netlink.NLM_F_CAPPED | (text != null || offset != null ? Netlink.NLM_F_ACK_TLVS : 0));
        w.putI32(-errno);
        // the request's header only (capped)
        w.putI32(64).putU16(requestType).putU16(Netlink.NLM_F_REQUEST).putI32(requestSeq).putI32(1234);
        if (text != null) {
            w.putString(Netlink.NLMSGERR_ATTR_MSG, text);
        }
        if (offset != null) {
            w.putU32(Netlink.NLMSGERR_ATTR_OFFS, offset);
        }
        return w.finish(requestSeq, 1234);
    }

    @Test
    void errorWithExtendedAckGivesErrnoTextAndOffset() {
        NetlinkMessage m = NetlinkMessage.parseAll(cappedError(17, RTM_NEWLINK, 31, "File exists, really", 36)).get(0);
        assertTrue(m.isError());
        NetlinkAck ack = m.ack();
        assertFalse(ack.isSuccess());
        assertEquals(17, ack.errno());
        assertEquals(RTM_NEWLINK, ack.requestType());
        assertEquals(31, ack.requestSequence());
        assertEquals(Optional.of("File exists, really"), ack.message());
        assertEquals(OptionalInt.of(36), ack.badAttributeOffset());
    }

    @Test
    void positiveAckHasNoError() {
        NetlinkAck ack = NetlinkMessage.parseAll(cappedError(0, RTM_NEWLINK, 3, null, null)).get(0).ack();
        assertTrue(ack.isSuccess());
        assertEquals(Optional.empty(), ack.message());
    }

    @Test
    void uncappedErrorSkipsTheEchoedRequestBeforeItsAttributes() {
        // without NETLINK_CAP_ACK the kernel echoes the whole request (here 24 bytes) before the TLVs
        NetlinkMessageWriter w = new NetlinkMessageWriter(Netlink.NLMSG_ERROR, Netlink.NLM_F_ACK_TLVS);
        w.putI32(-95);
        w.putI32(24).putU16(RTM_NEWLINK).putU16(5).putI32(8).putI32(77).putI32(0xAAAAAAAA).putI32(0xBBBBBBBB);
        w.putString(Netlink.NLMSGERR_ATTR_MSG, "Unknown device type");
        NetlinkAck ack = NetlinkMessage.parseAll(w.finish(8, 77)).get(0).ack();
        assertEquals(95, ack.errno());
        assertEquals(8, ack.requestSequence());
        assertEquals(Optional.of("Unknown device type"), ack.message());
    }

    @Test
    void truncatedInputIsAFormatErrorNotAGuess() {
        ByteBuffer message = new NetlinkMessageWriter(RTM_NEWLINK, 0).putString(IFLA_IFNAME, "eth0").finish(1, 0);
        ByteBuffer cut = message.duplicate().order(ByteOrder.nativeOrder());
        cut.limit(message.remaining() - 4);
        assertThrows(NetlinkFormatException.class, () -> NetlinkMessage.parseAll(cut));

        ByteBuffer badAttribute = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        badAttribute.putShort((short) 40).putShort((short) 3).putInt(0).flip();
        assertThrows(NetlinkFormatException.class, () -> NetlinkAttributes.parse(badAttribute));

        ByteBuffer tiny = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        tiny.putInt(8).putInt(0).putInt(0).putInt(0).flip();
        assertThrows(NetlinkFormatException.class, () -> NetlinkMessage.parseAll(tiny));
    }

    @Test
    void integerAccessorsCheckTheAttributeLength() {
        ByteBuffer message = new NetlinkMessageWriter(RTM_NEWLINK, 0).putU8(9, 3).finish(1, 0);
        NetlinkAttributes.Attribute a = NetlinkMessage.parseAll(message).get(0).attributes(0).get(9).orElseThrow();
        assertEquals(3, a.u8());
        assertThrows(NetlinkFormatException.class, a::u32);
    }

    @Test
    void addressAndBytesAttributes() {
        byte[] v6 = new byte[16];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[2] = 0x0d;
        v6[3] = (byte) 0xb8;
        v6[15] = 1;
        ByteBuffer message = new NetlinkMessageWriter(20, 0).putAttribute(1, v6).putU64(2, -1L).putFlag(3).finish(1, 0);
        NetlinkAttributes a = NetlinkMessage.parseAll(message).get(0).attributes(0);
        assertEquals("2001:db8:0:0:0:0:0:1", a.address(1).orElseThrow().getHostAddress());
        assertArrayEquals(v6, a.get(1).orElseThrow().bytes());
        assertEquals(-1L, a.u64(2).getAsLong());
        assertTrue(a.has(3));
        assertEquals(0, a.get(3).orElseThrow().length());
    }
}
