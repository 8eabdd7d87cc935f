package zos.networkd.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.MacAddress;
import zos.networkd.api.host.OperState;
import zos.networkd.api.nics.Nic;

class NicFormatTest {

    private static final Nic UPLINK = new Nic("eth0", 2, MacAddress.parse("02:00:5E:10:00:01"), "device", true, true, true,
            OperState.UP, 1500, "zos", List.of(Cidr.parse("10.1.2.3/24"), Cidr.parse("2001:db8::5/64")),
            IpAddresses.parse("10.1.2.1"), IpAddresses.parse("fe80::1"));

    private static final Nic BARE = new Nic("wg0", 7, null, "wireguard", false, false, false, OperState.DOWN, 1420,
            null, List.of(), null, null);

    @Test
    void cellsShowValuesOrADash() {
        assertEquals("02:00:5e:10:00:01", NicFormat.mac(UPLINK));
        assertEquals("-", NicFormat.mac(BARE));
        assertEquals("10.1.2.3/24, 2001:db8::5/64", NicFormat.addresses(UPLINK));
        assertEquals("-", NicFormat.addresses(BARE));
        assertEquals("v4 10.1.2.1, v6 fe80::1", NicFormat.gateways(UPLINK));
        assertEquals("-", NicFormat.gateways(BARE));
        assertEquals("zos", NicFormat.orDash(UPLINK.master()));
        assertEquals("-", NicFormat.orDash(BARE.master()));
    }

    @Test
    void stateSaysWhenTheLinkIsAdministrativelyDown() {
        assertEquals("UP", NicFormat.state(UPLINK));
        assertEquals("DOWN (admin down)", NicFormat.state(BARE));
    }

    @Test
    void jsonHasEveryFieldOfEveryNicWithNullsForAbsentValues() {
        JsonArray array = JsonParser.parseString(NicFormat.toJson(List.of(UPLINK, BARE))).getAsJsonArray();
        assertEquals(2, array.size());

        JsonObject uplink = array.get(0).getAsJsonObject();
        assertEquals("eth0", uplink.get("name").getAsString());
        assertEquals(2, uplink.get("index").getAsInt());
        assertEquals("02:00:5e:10:00:01", uplink.get("mac").getAsString());
        assertEquals("device", uplink.get("kind").getAsString());
        assertTrue(uplink.get("physical").getAsBoolean());
        assertTrue(uplink.get("adminUp").getAsBoolean());
        assertTrue(uplink.get("carrier").getAsBoolean());
        assertEquals("UP", uplink.get("operState").getAsString());
        assertEquals(1500, uplink.get("mtu").getAsInt());
        assertEquals("zos", uplink.get("master").getAsString());
        assertEquals("10.1.2.3/24", uplink.getAsJsonArray("addresses").get(0).getAsString());
        assertEquals("2001:db8::5/64", uplink.getAsJsonArray("addresses").get(1).getAsString());
        assertEquals("10.1.2.1", uplink.get("gateway4").getAsString());
        assertEquals("fe80::1", uplink.get("gateway6").getAsString());

        JsonObject bare = array.get(1).getAsJsonObject();
        assertEquals(uplink.keySet(), bare.keySet());
        assertTrue(bare.get("mac").isJsonNull());
        assertTrue(bare.get("master").isJsonNull());
        assertTrue(bare.get("gateway4").isJsonNull());
        assertTrue(bare.get("gateway6").isJsonNull());
        assertEquals(0, bare.getAsJsonArray("addresses").size());
    }

    @Test
    void emptyInventoryIsAnEmptyJsonArray() {
        assertEquals(0, JsonParser.parseString(NicFormat.toJson(List.of())).getAsJsonArray().size());
    }
}
