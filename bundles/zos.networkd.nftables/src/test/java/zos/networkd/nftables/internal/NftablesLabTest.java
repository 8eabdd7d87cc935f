package zos.networkd.nftables.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import zos.networkd.api.nftables.NftChain;
import zos.networkd.api.nftables.NftFamily;
import zos.networkd.api.nftables.NftField;
import zos.networkd.api.nftables.NftHook;
import zos.networkd.api.nftables.NftRule;
import zos.networkd.api.nftables.NftSet;
import zos.networkd.api.nftables.NftStatement;
import zos.networkd.api.nftables.NftTable;
import zos.networkd.api.nftables.NftablesException;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabExtension;
import zos.networkd.testlab.Wait;

/** Tables applied through libnftables in lab namespaces; {@code nft} run inside the namespace is the observer. */
@ExtendWith(LabExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NftablesLabTest {
    private NetlinkHostNetworking host;
    private NftablesComponent nft;
    private Lab lab;

    @BeforeAll
    void start(Lab lab) {
        this.lab = lab;
        host = NetlinkHostNetworking.standalone(false);
        nft = NftablesComponent.standalone(host);
    }

    @AfterAll
    void stop() {
        if (nft != null) {
            nft.deactivate();
        }
        if (host != null) {
            host.deactivate();
        }
    }

    static NftTable table(String name, String... farm) {
        NftSet farmSet = new NftSet("farm", NftSet.Type.IPV4_ADDR, true, List.of(farm));
        NftChain input = NftChain.base("input", NftHook.filter(NftHook.Point.INPUT, NftHook.Policy.DROP), List.of(
                NftRule.of(NftStatement.match(NftField.CT_STATE, "established", "related"), NftStatement.accept()),
                NftRule.of(NftStatement.match(NftField.IIFNAME, "lo"), NftStatement.accept()).because("loopback"),
                NftRule.of(NftStatement.match(NftField.IIFNAME, "zm*"), NftStatement.match(NftField.IP_DADDR, "@farm"),
                        NftStatement.drop()),
                NftRule.of(NftStatement.match(NftField.L4PROTO, "ipv6-icmp"), NftStatement.accept())));
        NftChain forward = NftChain.base("forward", NftHook.filter(NftHook.Point.FORWARD, NftHook.Policy.ACCEPT),
                List.of(NftRule.of(NftStatement.notMatch(NftField.IP_SADDR, "10.0.0.0/8"),
                        NftStatement.match(NftField.IP_DADDR, "192.0.2.1", "192.0.2.2"), new NftStatement.Counter(),
                        NftStatement.jump("audit")),
                        NftRule.of(NftStatement.match(NftField.UDP_DPORT, "51820"), NftStatement.accept())));
        NftChain audit = NftChain.regular("audit", List.of(NftRule.of(
                new NftStatement.Raw("{\"log\":{\"prefix\":\"audit \"}}"), new NftStatement.Verdict(
                        NftStatement.Verdict.Kind.RETURN, null))));
        NftChain nat = NftChain.base("postrouting", NftHook.sourceNat(), List.of(
                NftRule.of(NftStatement.match(NftField.OIFNAME, "up0"), NftStatement.masquerade(true))));
        return new NftTable(NftFamily.INET, name, List.of(farmSet), List.of(input, forward, audit, nat));
    }

    private JsonArray ruleset(String ns) {
        JsonObject root = JsonParser.parseString(lab.runIn(ns, "nft", "-j", "-a", "list", "ruleset")).getAsJsonObject();
        JsonArray items = new JsonArray();
        for (JsonElement e : root.getAsJsonArray("nftables")) {
            if (!e.getAsJsonObject().has("metainfo")) {
                items.add(e);
            }
        }
        return items;
    }

    @Test
    void appliesReadsBackReappliesWithoutChangeAndDeletes() {
        String ns = lab.namespace("apply");
        NftTable table = table("zos-test", "198.51.100.0/24", "203.0.113.7");
        assertTrue(nft.apply(ns, table));

        String text = lab.runIn(ns, "nft", "list", "ruleset");
        assertTrue(text.contains("table inet zos-test"), text);
        assertTrue(text.contains("iifname \"zm*\" ip daddr @farm drop"), text);
        assertTrue(text.contains("oifname \"up0\" masquerade fully-random"), text);
        assertTrue(text.contains("elements = { 198.51.100.0/24, 203.0.113.7 }"), text);
        assertTrue(text.contains("comment \"zos:") && text.contains(" loopback\""), text);
        assertEquals(text.strip(), nft.show(ns, NftFamily.INET, "zos-test").orElseThrow().strip());

        // read back: the typed statements come back as they were given
        NftTable read = nft.read(ns, NftFamily.INET, "zos-test").orElseThrow();
        assertEquals(table.sets(), read.sets());
        assertEquals(table.chains().stream().map(NftChain::hook).toList(), read.chains().stream().map(NftChain::hook).toList());
        assertEquals(table.chain("input").orElseThrow().rules(), read.chain("input").orElseThrow().rules());
        assertEquals(table.chain("postrouting").orElseThrow().rules(), read.chain("postrouting").orElseThrow().rules());
        assertEquals(table.chain("forward").orElseThrow().rules().get(1), read.chain("forward").orElseThrow().rules().get(1));
        assertEquals(List.of("zos-test"), nft.tables(ns, NftFamily.INET));

        // the same table again: nothing touched (the rules keep their handles)
        JsonArray before = ruleset(ns);
        assertFalse(nft.apply(ns, table("zos-test", "198.51.100.0/24", "203.0.113.7")));
        assertEquals(before, ruleset(ns));

        // another element: replaced in one transaction
        assertTrue(nft.apply(ns, table("zos-test", "198.51.100.0/24", "203.0.113.8")));
        assertTrue(lab.runIn(ns, "nft", "list", "set", "inet", "zos-test", "farm").contains("203.0.113.8"));

        // a rule added by hand makes the table differ from ours: the next apply puts ours back
        lab.runIn(ns, "nft", "add", "rule", "inet", "zos-test", "input", "tcp", "dport", "22", "accept");
        assertTrue(nft.apply(ns, table("zos-test", "198.51.100.0/24", "203.0.113.8")));
        assertFalse(lab.runIn(ns, "nft", "list", "ruleset").contains("dport 22"));

        assertTrue(nft.delete(ns, NftFamily.INET, "zos-test"));
        assertFalse(nft.delete(ns, NftFamily.INET, "zos-test"));
        assertTrue(nft.read(ns, NftFamily.INET, "zos-test").isEmpty());
        assertEquals(0, ruleset(ns).size(), "nothing left in " + ns);
    }

    @Test
    void aRefusedTableNamesTableNamespaceAndNftablesReasonAndLeavesTheOldOne() {
        String ns = lab.namespace("refuse");
        assertTrue(nft.apply(ns, table("zos-keep", "198.51.100.0/24")));
        JsonArray before = ruleset(ns);
        // masquerade belongs in a nat chain: the kernel refuses the whole transaction
        NftTable bad = new NftTable(NftFamily.INET, "zos-keep", List.of(), List.of(NftChain.base("input",
                NftHook.filter(NftHook.Point.INPUT, NftHook.Policy.ACCEPT),
                List.of(NftRule.of(NftStatement.masquerade(false))))));
        NftablesException e = assertThrows(NftablesException.class, () -> nft.apply(ns, bad));
        assertTrue(e.getMessage().contains("inet zos-keep") && e.getMessage().contains("netns '" + ns + "'")
                && e.getMessage().contains("Operation not supported"), e.getMessage());
        assertEquals(before, ruleset(ns), "the old table stays whole");

        NftablesException missing = assertThrows(NftablesException.class,
                () -> nft.apply(lab.name("absent"), table("zos-x")));
        assertTrue(missing.getMessage().contains(lab.name("absent")), missing.getMessage());
    }

    @Test
    void neverChangesTheNodesOwnNamespaceUnlessAllowedNorTheInitialOneUnderAnotherName() {
        NftablesException own = assertThrows(NftablesException.class, () -> nft.apply(null, table("zos-own")));
        assertTrue(own.getMessage().contains("manageOwnNamespace"), own.getMessage());
        assertThrows(NftablesException.class, () -> nft.delete(null, NftFamily.INET, "zos-own"));
        // reading is harmless
        nft.tables(null, NftFamily.INET);

        // a lab name bound to this process's namespace (ip netns attach NAME PID): refused all the same
        String alias = lab.name("self");
        lab.run("ip", "netns", "attach", alias, Long.toString(ProcessHandle.current().pid()));
        lab.adopt(alias);
        NftablesException aliased = assertThrows(NftablesException.class, () -> nft.apply(alias, table("zos-self")));
        assertTrue(aliased.getMessage().contains("node's own network namespace"), aliased.getMessage());
        nft.release(alias);
        lab.deleteNamespace(alias);
    }

    @Test
    void releaseLetsADeletedNamespaceEnd() {
        String doomed = lab.name("doomed");
        host.createNamespace(doomed);
        lab.adopt(doomed);
        String other = lab.namespace("other");
        lab.veth(doomed, "d0", other, "o0");
        assertTrue(nft.apply(doomed, table("zos-doomed")));
        nft.release(doomed);
        host.deleteNamespace(doomed);
        // a socket left open in it would keep it (and the veth pair) alive
        Wait.until(Duration.ofSeconds(5), () -> !lab.runIn(other, "ip", "link").contains("o0"),
                "the veth end in " + other + " goes with the namespace");
    }

    @Test
    void tablesInManyNamespacesAtOnce() throws Exception {
        List<String> namespaces = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            namespaces.add(lab.namespace("par" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (String ns : namespaces) {
                results.add(pool.submit(() -> nft.apply(ns, table("zos-par", "198.51.100." + ns.length() + "/32"))));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdown();
        }
        for (String ns : namespaces) {
            assertTrue(lab.runIn(ns, "nft", "list", "tables").contains("zos-par"), ns);
            nft.release(ns);
        }
    }
}
