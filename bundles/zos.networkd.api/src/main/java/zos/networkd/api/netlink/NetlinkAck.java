package zos.networkd.api.netlink;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed {@code NLMSG_ERROR}: {@code errno} 0 is a positive acknowledgement. With
 * {@code NETLINK_EXT_ACK} the kernel adds a human-readable message and the offset of the attribute
 * it rejected.
 *
 * @param errno positive errno, 0 for success
 * @param requestType the type of the request this answers
 * @param requestSequence the sequence number of the request this answers
 * @param message the kernel's extended-ack text, if any
 * @param badAttributeOffset offset in the request of the attribute the kernel rejected, if any
 */
public record NetlinkAck(int errno, int requestType, int requestSequence, Optional<String> message,
        OptionalInt badAttributeOffset) {

    /** {@code struct nlmsgerr}: int error + the request's nlmsghdr. */
    private static final int ERROR_HEADER_SIZE = 4 + Netlink.HEADER_SIZE;

    public static NetlinkAck parse(NetlinkMessage message) {
        ByteBuffer p = message.payload();
        if (p.remaining() < 4) {
            throw new NetlinkFormatException("NLMSG_ERROR of " + p.remaining() + " bytes");
        }
        int base = p.position();
        int errno = -p.getInt(base);
        int requestType = 0;
        int requestSequence = 0;
        if (p.remaining() >= ERROR_HEADER_SIZE) {
            requestType = p.getShort(base + 4 + 4) & 0xffff;
            requestSequence = p.getInt(base + 4 + 8);
        }
        Optional<String> text = Optional.empty();
        OptionalInt offset = OptionalInt.empty();
        if (message.hasFlag(Netlink.NLM_F_ACK_TLVS) && p.remaining() >= ERROR_HEADER_SIZE) {
            // without NLM_F_CAPPED the whole request is echoed after the error code
            int echoed = Netlink.HEADER_SIZE;
            if (!message.hasFlag(Netlink.NLM_F_CAPPED)) {
                echoed = Math.max(Netlink.HEADER_SIZE, p.getInt(base + 4));
            }
            int tlvStart = base + 4 + Netlink.align(echoed);
            if (tlvStart <= p.limit()) {
                ByteBuffer region = p.duplicate();
                region.position(tlvStart);
                NetlinkAttributes tlvs = NetlinkAttributes.parse(region.slice());
                text = tlvs.string(Netlink.NLMSGERR_ATTR_MSG).filter(s -> !s.isEmpty());
                offset = tlvs.u32(Netlink.NLMSGERR_ATTR_OFFS);
            }
        }
        return new NetlinkAck(errno, requestType, requestSequence, text, offset);
    }

    public boolean isSuccess() {
        return errno == 0;
    }
}
