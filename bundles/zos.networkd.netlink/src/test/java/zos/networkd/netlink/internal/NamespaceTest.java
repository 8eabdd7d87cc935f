package zos.networkd.netlink.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.GenericNetlinkFamily;
import zos.networkd.api.host.HostNetworkException;
import zos.networkd.api.host.LinkSpec;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.api.netlink.Netlink;
import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabExtension;
import zos.networkd.testlab.Wait;

/** Named namespaces, work inside them, generic netlink, and the own-namespace safety switch. */
@ExtendWith(LabExtension.class)
class NamespaceTest {
    private static NetlinkHostNetworking host;
    private static IpObserver ip;

    @BeforeAll
    static void setUp(Lab lab) {
        host = NetlinkHostNetworking.standalone(false);
        ip = new IpObserver(lab);
    }

    @AfterAll
    static void tearDown() {
        if (host != null) {
            host.deactivate();
        }
    }

    private static long inodeOf(String path) throws Exception {
        return (Long) Files.getAttribute(Path.of(path), "unix:ino");
    }

    @Test
    void createdNamespacesAreVisibleToIpAndHaveLoopbackUp(Lab lab) throws Exception {
        String name = lab.name("made");
        NetworkNamespace made = host.createNamespace(name);
        lab.adopt(name);
        assertTrue(lab.run("ip", "netns", "list").contains(name));
        assertTrue(IpObserver.flags(ip.link(name, "lo")).contains("UP"));
        assertTrue(host.namespaces().contains(name));
        assertTrue(host.namespaceExists(name));
        assertEquals(name, made.name());

        HostNetworkException twice = assertThrows(HostNetworkException.class, () -> host.createNamespace(name));
        assertEquals("EEXIST", twice.errnoName());

        host.deleteNamespace(name);
        assertFalse(lab.run("ip", "netns", "list").contains(name));
        assertFalse(host.namespaceExists(name));
        HostNetworkException gone = assertThrows(HostNetworkException.class, () -> host.deleteNamespace(name));
        assertEquals("ENOENT", gone.errnoName());
        HostNetworkException open = assertThrows(HostNetworkException.class, () -> host.namespace(name));
        assertTrue(open.getMessage().contains("does not exist"), open.getMessage());
    }

    @Test
    void namespacesMadeByIpAreOursToUseAndListed(Lab lab) {
        String theirs = lab.namespace("byip");
        assertTrue(host.namespaces().contains(theirs));
        host.namespace(theirs).createLink(LinkSpec.bridge("br-ip"));
        assertTrue(ip.hasLink(theirs, "br-ip"));
    }

    @Test
    void deletingANamespaceTakesItsLinksAndReleasesTheirPeers(Lab lab) {
        String outer = lab.namespace("outer");
        String name = lab.name("inner");
        NetworkNamespace inner = host.createNamespace(name);
        lab.adopt(name);
        inner.createLink(LinkSpec.veth("in0", "out0", outer));
        assertTrue(ip.hasLink(outer, "out0"));
        host.deleteNamespace(name);
        // nothing of ours holds the namespace: the kernel destroys it and the peer goes with it
        Wait.until(Duration.ofSeconds(5), () -> !ip.hasLink(outer, "out0"), "veth peer of the deleted namespace gone");
    }

    @Test
    void callRunsOnAThreadInsideTheNamespaceAndLeavesTheCallerAlone(Lab lab) throws Exception {
        String name = lab.namespace("work");
        long expected = inodeOf("/run/netns/" + name);
        long callerBefore = inodeOf("/proc/thread-self/ns/net");
        long inside = host.namespace(name).call(() -> inodeOf("/proc/thread-self/ns/net"));
        assertEquals(expected, inside);
        assertEquals(callerBefore, inodeOf("/proc/thread-self/ns/net"));
        assertNotEquals(callerBefore, inside);
        // nested calls from the namespace's own thread do not deadlock
        NetworkNamespace ns = host.namespace(name);
        assertEquals(expected, (long) ns.call(() -> ns.call(() -> inodeOf("/proc/thread-self/ns/net"))));
        // exceptions of the work reach the caller as they are
        assertThrows(IllegalStateException.class, () -> ns.call(() -> {
            throw new IllegalStateException("boom");
        }));
    }

    @Test
    void aNameDeletedAndCreatedAgainByOthersIsFollowed(Lab lab) {
        String name = lab.namespace("again");
        NetworkNamespace ns = host.namespace(name);
        ns.createLink(LinkSpec.bridge("br-old"));
        lab.deleteNamespace(name);
        String recreated = lab.namespace("again");
        assertEquals(name, recreated);
        assertTrue(ns.link("br-old").isEmpty(), "the old namespace's context must not be used");
        ns.createLink(LinkSpec.bridge("br-new"));
        assertTrue(ip.hasLink(name, "br-new"));
    }

    @Test
    void idleContextsAreReleasedSoOthersCanDeleteTheNamespace(Lab lab) {
        String outer = lab.namespace("peer");
        String name = lab.namespace("idle");
        host.namespace(name).createLink(LinkSpec.veth("id0", "id1", outer));
        assertTrue(host.openNamespaceContexts() > 0);
        host.evictIdleNow();
        assertEquals(0, host.openNamespaceContexts());
        lab.deleteNamespace(name);
        Wait.until(Duration.ofSeconds(5), () -> !ip.hasLink(outer, "id1"), "namespace released and destroyed");
    }

    @Test
    void genericNetlinkFamiliesResolve(Lab lab) {
        String name = lab.namespace("genl");
        GenericNetlinkFamily control = host.namespace(name).genericFamily("nlctrl");
        // the independent observer: iproute2's genl
        String genl = lab.runIn(name, "genl", "ctrl", "get", "name", "nlctrl");
        Matcher header = Pattern.compile("ID: 0x([0-9a-f]+)\\s+Version: 0x([0-9a-f]+)\\s+header size: (\\d+)\\s+max attribs: (\\d+)")
                .matcher(genl);
        assertTrue(header.find(), genl);
        assertEquals("nlctrl", control.name());
        assertEquals(Integer.parseInt(header.group(1), 16), control.id());
        assertEquals(Integer.parseInt(header.group(2), 16), control.version());
        assertEquals(Integer.parseInt(header.group(3)), control.headerSize());
        assertEquals(Integer.parseInt(header.group(4)), control.maxAttribute());
        Matcher group = Pattern.compile("ID-0x([0-9a-f]+)\\s+name: notify").matcher(genl);
        assertTrue(group.find(), genl);
        assertEquals(Integer.parseInt(group.group(1), 16), control.multicastGroups().get("notify"));

        HostNetworkException missing = assertThrows(HostNetworkException.class,
                () -> host.namespace(name).genericFamily("no-such-family"));
        assertEquals("ENOENT", missing.errnoName());
        assertTrue(missing.getMessage().contains("'no-such-family'"), missing.getMessage());
    }

    @Test
    void genericRequestsDumpAnswerAndRefuse(Lab lab) {
        String name = lab.namespace("genreq");
        NetworkNamespace ns = host.namespace(name);
        // every family the controller knows, as a dump (CTRL_CMD_GETFAMILY with NLM_F_DUMP)
        NetlinkMessageWriter dump = new NetlinkMessageWriter(GenericNetlink.GENL_ID_CTRL,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
        dump.putU8(GenericNetlink.CTRL_CMD_GETFAMILY).putU8(1).putU16(0);
        Set<String> ours = new java.util.TreeSet<>();
        for (NetlinkMessage m : ns.genericRequest(dump, true, "list generic netlink families")) {
            ours.add(GenericNetlink.parseFamily(m).name());
        }
        Set<String> theirs = new java.util.TreeSet<>();
        Matcher names = Pattern.compile("Name: (\\S+)").matcher(lab.runIn(name, "genl", "ctrl", "list"));
        while (names.find()) {
            theirs.add(names.group(1));
        }
        assertEquals(theirs, ours);

        // a request the kernel refuses: the error names the operation, the namespace and the errno
        NetlinkMessageWriter unknown = new NetlinkMessageWriter(GenericNetlink.GENL_ID_CTRL,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        unknown.putU8(GenericNetlink.CTRL_CMD_GETFAMILY).putU8(1).putU16(0);
        unknown.putString(GenericNetlink.CTRL_ATTR_FAMILY_NAME, "no-such-family");
        HostNetworkException refused = assertThrows(HostNetworkException.class,
                () -> ns.genericRequest(unknown, false, "ask for no-such-family"));
        assertEquals("ENOENT", refused.errnoName());
        assertTrue(refused.getMessage().startsWith("ask for no-such-family in netns '" + name + "'"), refused.getMessage());

        // in the node's own namespace a request that is not a dump may change it: refused by the safety switch
        HostNetworkException own = assertThrows(HostNetworkException.class,
                () -> host.ownNamespace().genericRequest(unknown, false, "ask"));
        assertTrue(own.getMessage().contains("manageOwnNamespace"), own.getMessage());
    }

    @Test
    void theOwnNamespaceIsReadOnlyUnlessTheOperatorOptedIn() {
        NetworkNamespace own = host.ownNamespace();
        assertFalse(host.ownNamespaceWritable());
        assertTrue(own.links().stream().anyMatch(l -> l.isLoopback()));
        own.routes(AddressFamily.IPV4);
        own.addresses();
        own.sysctl("net.ipv4.ip_forward");

        for (Runnable change : new Runnable[] {
                () -> own.createLink(LinkSpec.bridge("zlab-never")),
                () -> own.setDown("lo"),
                () -> own.setMtu("lo", 1500),
                () -> own.deleteLink("lo"),
                () -> own.setForwarding(AddressFamily.IPV4, true),
                () -> own.addAddress("lo", zos.networkd.api.host.AddressSpec.of("192.0.2.1/32")) }) {
            HostNetworkException e = assertThrows(HostNetworkException.class, change::run);
            assertTrue(e.getMessage().contains("manageOwnNamespace"), e.getMessage());
            assertEquals(0, e.errno());
        }
    }

    @Test
    void movingALinkIntoTheOwnNamespaceIsAChangeOfItToo(Lab lab) {
        String name = lab.namespace("mv");
        NetworkNamespace ns = host.namespace(name);
        ns.createLink(LinkSpec.veth("v-stay", "v-stay1"));
        HostNetworkException e = assertThrows(HostNetworkException.class,
                () -> ns.moveTo("v-stay", host.ownNamespace()));
        assertTrue(e.getMessage().contains("manageOwnNamespace"), e.getMessage());
        assertTrue(ip.hasLink(name, "v-stay"));
    }

    @Test
    void aSubscriptionToNoGroupIsAMistakeNotASilentNoOp(Lab lab) {
        String name = lab.namespace("nog");
        assertThrows(IllegalArgumentException.class, () -> host.namespace(name).subscribe(Set.of(), e -> {
        }));
    }
}
