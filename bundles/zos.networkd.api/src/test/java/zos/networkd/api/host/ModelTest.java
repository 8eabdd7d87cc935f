package zos.networkd.api.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void cidrParsesFormatsAndMasks() {
        Cidr c = Cidr.parse("10.1.2.3/24");
        assertEquals("10.1.2.3/24", c.toString());
        assertEquals("10.1.2.0/24", c.network().toString());
        assertTrue(c.contains(IpAddresses.parse("10.1.2.200")));
        assertFalse(c.contains(IpAddresses.parse("10.1.3.1")));
        assertTrue(Cidr.parse("10.1.0.0/16").contains(c));
        assertTrue(Cidr.parse("10.1.0.0/16").overlaps(c));
        assertFalse(Cidr.parse("10.2.0.0/16").overlaps(c));
        assertEquals("10.1.2.1", IpAddresses.format(c.host(1)));
        assertEquals("2001:db8::1/64", Cidr.parse("2001:DB8:0::1/64").toString());
        assertEquals("2001:db8::/32", Cidr.parse("2001:db8:ff::/32").network().toString());
        assertEquals("fe80::1/64", Cidr.parse("fe80::1/64").toString());
        assertEquals("::/0", Cidr.anyOf(AddressFamily.IPV6).toString());
        assertEquals("2001:db8:0:1::1/64", Cidr.parse("2001:db8:0:1:0:0:0:1/64").toString());
        assertEquals("192.0.2.7/32", Cidr.parse("192.0.2.7").toString());
    }

    @Test
    void badCidrsAreRefusedWithTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.1.2.3/33"));
        assertTrue(e.getMessage().contains("10.1.2.3/33"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.1.2/24"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("300.1.2.3/24"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/24"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.1.2.3/x"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("fe80::1%eth0/64"));
    }

    @Test
    void interfaceNamesFollowTheKernelsRules() {
        assertEquals("b-abcdefghijklm", Names.checkInterfaceName("b-abcdefghijklm"));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> Names.checkInterfaceName("n-abcdefghijklmn"));
        assertTrue(tooLong.getMessage().contains("16 bytes"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Names.checkInterfaceName("a/b"));
        assertThrows(IllegalArgumentException.class, () -> Names.checkInterfaceName("a b"));
        assertThrows(IllegalArgumentException.class, () -> Names.checkInterfaceName(".."));
        assertThrows(IllegalArgumentException.class, () -> Names.checkInterfaceName(""));
        assertThrows(IllegalArgumentException.class, () -> Names.checkNamespaceName("../etc"));
        assertEquals("zlab-t-1", Names.checkNamespaceName("zlab-t-1"));
    }

    @Test
    void specsValidateOnConstruction() {
        assertThrows(IllegalArgumentException.class, () -> LinkSpec.vlan("v", "eth0", 4095));
        assertThrows(IllegalArgumentException.class, () -> LinkSpec.veth("same", "same"));
        assertThrows(IllegalArgumentException.class, () -> new LinkOptions(20, null));
        assertThrows(IllegalArgumentException.class, () -> RouteSpec.to("10.0.0.0/8").via("2001:db8::1"));
        assertThrows(IllegalArgumentException.class,
                () -> AddressSpec.of("10.0.0.1/24").withLifetimes(100, 200));
        assertEquals("10.0.0.0/8", RouteSpec.to("10.9.9.9/8").destination().toString());
        assertEquals(AddressScope.LINK, RouteSpec.to("10.0.0.0/8").dev("eth0").scope());
        assertEquals(AddressScope.UNIVERSE, RouteSpec.defaultRoute(AddressFamily.IPV4).via("10.0.0.1").scope());
    }

    @Test
    void macAddresses() {
        MacAddress mac = MacAddress.parse("02:AA:bb:00:00:01");
        assertEquals("02:aa:bb:00:00:01", mac.toString());
        assertEquals(MacAddress.of(mac.bytes()), mac);
        assertTrue(mac.isLocallyAdministeredUnicast());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:aa:bb:00:00:0"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02-aa-bb-00-00-01"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("zz:aa:bb:00:00:01"));
    }
}
