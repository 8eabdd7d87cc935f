package zos.networkd.nftables.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import zos.networkd.api.nftables.NftChain;
import zos.networkd.api.nftables.NftFamily;
import zos.networkd.api.nftables.NftField;
import zos.networkd.api.nftables.NftHook;
import zos.networkd.api.nftables.NftRule;
import zos.networkd.api.nftables.NftStatement;
import zos.networkd.api.nftables.NftTable;

/** The JSON a table becomes, the digest that makes re-applying idempotent, and reading nftables' answers. */
class NftJsonTest {

    @Test
    void theReplaceBatchIsOneTransactionWithTaggedRules() {
        NftTable table = NftablesLabTest.table("zos-t", "198.51.100.0/24");
        String digest = NftJson.digest(table);
        assertEquals(16, digest.length());
        assertEquals(digest, NftJson.digest(NftablesLabTest.table("zos-t", "198.51.100.0/24")), "stable");
        assertNotEquals(digest, NftJson.digest(NftablesLabTest.table("zos-t", "198.51.100.0/25")));
        String batch = NftJson.replaceBatch(table, digest);
        assertTrue(batch.startsWith("{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"zos-t\"}}},"
                + "{\"delete\":{\"table\":{\"family\":\"inet\",\"name\":\"zos-t\"}}},"
                + "{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"zos-t\"}}}"), batch);
        assertTrue(batch.contains("\"comment\":\"zos:" + digest + " loopback\""), batch);
        assertTrue(batch.contains("{\"match\":{\"op\":\"in\",\"left\":{\"ct\":{\"key\":\"state\"}},"
                + "\"right\":[\"established\",\"related\"]}}"), batch);
        assertTrue(batch.contains("\"right\":{\"prefix\":{\"addr\":\"10.0.0.0\",\"len\":8}}"), batch);
        assertTrue(batch.contains("\"right\":51820"), "ports are numbers: " + batch);
        assertTrue(batch.contains("{\"masquerade\":{\"flags\":\"fully-random\"}}"), batch);
    }

    @Test
    void theSummaryKnowsItsOwnTableOnly() {
        NftTable table = new NftTable(NftFamily.INET, "zos-s", List.of(), List.of(NftChain.base("in",
                NftHook.filter(NftHook.Point.INPUT, NftHook.Policy.ACCEPT),
                List.of(NftRule.of(NftStatement.match(NftField.IIFNAME, "lo"), NftStatement.accept())))));
        String digest = NftJson.digest(table);
        String listed = "{\"nftables\":[{\"metainfo\":{}},{\"table\":{\"family\":\"inet\",\"name\":\"zos-s\"}},"
                + "{\"chain\":{\"family\":\"inet\",\"table\":\"zos-s\",\"name\":\"in\",\"type\":\"filter\",\"hook\":\"input\","
                + "\"prio\":0,\"policy\":\"accept\"}},{\"rule\":{\"chain\":\"in\",\"comment\":\"zos:" + digest + "\","
                + "\"expr\":[{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":\"iifname\"}},\"right\":\"lo\"}},"
                + "{\"accept\":null}]}}]}";
        assertTrue(NftJson.summarize(listed).is(table, digest));
        String added = listed.substring(0, listed.length() - 2)
                + ",{\"rule\":{\"chain\":\"in\",\"expr\":[{\"drop\":null}]}}]}";
        NftJson.Summary tampered = NftJson.summarize(added);
        assertNull(tampered.digest(), "a rule without the tag");
        assertEquals(table, NftJson.parse(listed, NftFamily.INET, "zos-s"), "the tag is not part of the comment");
    }

    @Test
    void statementsWithoutATypeComeBackRaw() {
        NftStatement log = NftJson.parseStatement(com.google.gson.JsonParser.parseString(
                "{\"log\":{\"prefix\":\"x \"}}").getAsJsonObject());
        assertEquals(new NftStatement.Raw("{\"log\":{\"prefix\":\"x \"}}"), log);
        NftStatement sport = NftJson.parseStatement(com.google.gson.JsonParser.parseString(
                "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"sport\"}},\"right\":22}}")
                .getAsJsonObject());
        assertTrue(sport instanceof NftStatement.Raw, sport.toString());
    }

    @Test
    void tablesAreValidatedBeforeAnythingIsSent() {
        assertThrows(IllegalArgumentException.class, () -> new NftTable(NftFamily.INET, "bad name", List.of(), List.of()));
        IllegalArgumentException noSet = assertThrows(IllegalArgumentException.class, () -> new NftTable(NftFamily.INET,
                "t", List.of(), List.of(NftChain.regular("c", List.of(NftRule.of(
                        NftStatement.match(NftField.IP_DADDR, "@missing"), NftStatement.drop()))))));
        assertTrue(noSet.getMessage().contains("@missing"), noSet.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NftStatement.match(NftField.UDP_DPORT, "ssh"));
        assertThrows(IllegalArgumentException.class, () -> NftStatement.match(NftField.IIFNAME, "a\"b"));
    }
}
