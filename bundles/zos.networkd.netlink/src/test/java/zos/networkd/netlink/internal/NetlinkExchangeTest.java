package zos.networkd.netlink.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import zos.networkd.api.host.HostNetworkException;
import zos.networkd.api.netlink.Netlink;
import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;

/**
 * The request/dump rules against a scripted transport (the logic alone; the real kernel is in the
 * namespace tests): matching by sequence and port, multipart dumps, DUMP_INTR retries, errors.
 */
class NetlinkExchangeTest {
    private static final int PORT = 4711;

    /** Answers each send with the datagrams a script builds for that send's sequence number. */
    private static final class ScriptedTransport implements NetlinkTransport {
        final Deque<IntFunction<List<List<ByteBuffer>>>> script = new ArrayDeque<>();
        final Deque<List<ByteBuffer>> pending = new ArrayDeque<>();
        int sends;
        int sequence = 100;

        @Override
        public int send(NetlinkMessageWriter message, String operation) {
            sends++;
            int seq = ++sequence;
            pending.addAll(script.removeFirst().apply(seq));
            return seq;
        }

        @Override
        public List<NetlinkMessage> receive(String operation) {
            List<ByteBuffer> datagram = pending.removeFirst();
            List<NetlinkMessage> out = new ArrayList<>();
            for (ByteBuffer b : datagram) {
                out.addAll(NetlinkMessage.parseAll(b));
            }
            return out;
        }

        @Override
        public int portId() {
            return PORT;
        }
    }

    private static ByteBuffer object(int seq, int flags, int value) {
        return new NetlinkMessageWriter(16, Netlink.NLM_F_MULTI | flags).putI32(value).finish(seq, PORT);
    }

    private static ByteBuffer done(int seq, int flags) {
        return new NetlinkMessageWriter(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI | flags).putI32(0).finish(seq, PORT);
    }

    private static ByteBuffer error(int seq, int errno, String text) {
        NetlinkMessageWriter w = new NetlinkMessageWriter(Netlink.NLMSG_ERROR,
                Netlink.NLM_F_CAPPED | (text == null ? 0 : Netlink.NLM_F_ACK_TLVS));
        w.putI32(-errno).putI32(16).putU16(16).putU16(0).putI32(seq).putI32(PORT);
        if (text != null) {
            w.putString(Netlink.NLMSGERR_ATTR_MSG, text);
        }
        return w.finish(seq, PORT);
    }

    private static NetlinkMessageWriter anyRequest() {
        return new NetlinkMessageWriter(18, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP).putI32(0);
    }

    private static List<Integer> values(List<NetlinkMessage> messages) {
        return messages.stream().map(m -> m.i32At(0)).toList();
    }

    @Test
    void multipartDumpAcrossDatagramsEndsAtDone() {
        ScriptedTransport t = new ScriptedTransport();
        t.script.add(seq -> List.of(List.of(object(seq, 0, 1), object(seq, 0, 2)), List.of(object(seq, 0, 3)),
                List.of(done(seq, 0))));
        assertEquals(List.of(1, 2, 3), values(NetlinkExchange.dump(t, anyRequest(), "dump", 3)));
        assertEquals(1, t.sends);
    }

    @Test
    void interruptedDumpIsRunAgainAndOnlyTheCleanRunIsReturned() {
        ScriptedTransport t = new ScriptedTransport();
        t.script.add(seq -> List.of(List.of(object(seq, 0, 1)), List.of(object(seq, Netlink.NLM_F_DUMP_INTR, 2)),
                List.of(done(seq, Netlink.NLM_F_DUMP_INTR))));
        t.script.add(seq -> List.of(List.of(object(seq, 0, 10), object(seq, 0, 20), done(seq, 0))));
        assertEquals(List.of(10, 20), values(NetlinkExchange.dump(t, anyRequest(), "dump", 3)));
        assertEquals(2, t.sends);
    }

    @Test
    void aDumpInterruptedEveryTimeFailsClearly() {
        ScriptedTransport t = new ScriptedTransport();
        for (int i = 0; i < 3; i++) {
            t.script.add(seq -> List.of(List.of(object(seq, Netlink.NLM_F_DUMP_INTR, 1), done(seq, 0))));
        }
        HostNetworkException e = assertThrows(HostNetworkException.class,
                () -> NetlinkExchange.dump(t, anyRequest(), "list links in netns 'x'", 3));
        assertEquals("EINTR", e.errnoName());
        assertTrue(e.getMessage().contains("interrupted 3 times"), e.getMessage());
        assertEquals(3, t.sends);
    }

    @Test
    void staleAnswersToEarlierRequestsAreSkipped() {
        ScriptedTransport t = new ScriptedTransport();
        t.script.add(seq -> List.of(List.of(object(seq - 1, 0, 99), error(seq - 1, 0, null)),
                List.of(new NetlinkMessageWriter(16, 0).putI32(7).finish(seq, PORT + 1)),
                List.of(new NetlinkMessageWriter(16, 0).putI32(5).finish(seq, PORT), error(seq, 0, null))));
        assertEquals(List.of(5), values(NetlinkExchange.request(t, anyRequest(), "get")));
    }

    @Test
    void kernelErrorsBecomeExceptionsWithErrnoAndExtendedAck() {
        ScriptedTransport t = new ScriptedTransport();
        t.script.add(seq -> List.of(List.of(error(seq, 17, "Link already exists"))));
        HostNetworkException e = assertThrows(HostNetworkException.class,
                () -> NetlinkExchange.request(t, anyRequest(), "create bridge 'b' in netns 'n'"));
        assertEquals(17, e.errno());
        assertEquals("EEXIST", e.errnoName());
        assertEquals("Link already exists", e.kernelMessage());
        assertEquals("create bridge 'b' in netns 'n': File exists (EEXIST): Link already exists", e.getMessage());
    }

    @Test
    void aDumpThatEndsWithAnErrorCodeFails() {
        ScriptedTransport t = new ScriptedTransport();
        ByteBuffer failedDone = new NetlinkMessageWriter(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI).putI32(-22)
                .finish(101, PORT);
        t.script.add(seq -> List.of(List.of(object(seq, 0, 1), failedDone)));
        HostNetworkException e = assertThrows(HostNetworkException.class,
                () -> NetlinkExchange.dump(t, anyRequest(), "dump", 3));
        assertEquals("EINVAL", e.errnoName());
    }

    @Test
    void plainAckEndsAChangeWithoutReplies() {
        ScriptedTransport t = new ScriptedTransport();
        t.script.add(seq -> List.of(List.of(error(seq, 0, null))));
        assertEquals(List.of(), NetlinkExchange.request(t, anyRequest(), "set up"));
    }

    static ByteBuffer nativeOrder(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }
}
