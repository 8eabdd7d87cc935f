package zos.networkd.nics.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import zos.networkd.api.host.Link;
import zos.networkd.api.host.OperState;

class PhysicalNicFilterTest {
    private static Link link(String name, String kind) {
        return new Link(3, name, kind, null, 1500, true, true, OperState.UP, 0, 0, false, 0, null);
    }

    @Test
    void defaultsCountHardwareOnly() {
        PhysicalNicFilter f = PhysicalNicFilter.of(new String[] {"device"}, new String[] {"*"});
        assertTrue(f.isPhysical(link("enp1s0", Link.KIND_DEVICE)));
        assertFalse(f.isPhysical(link("veth0", "veth")));
        assertFalse(f.isPhysical(link("zos", "bridge")));
        assertFalse(f.isPhysical(link("lo", Link.KIND_LOOPBACK)));
    }

    @Test
    void labCountsVethsByNameGlob() {
        // Karaf hands "device,veth" over as one value
        PhysicalNicFilter f = PhysicalNicFilter.of(new String[] {"device,veth"}, new String[] {"eth*", "nic?"});
        assertTrue(f.isPhysical(link("eth0", "veth")));
        assertTrue(f.isPhysical(link("nic1", Link.KIND_DEVICE)));
        assertFalse(f.isPhysical(link("nic10", "veth")));
        assertFalse(f.isPhysical(link("b-abc", "veth")));
        assertFalse(f.isPhysical(link("eth.0", "bridge")));
        assertTrue(PhysicalNicFilter.of(new String[] {"device"}, new String[] {"e.h0"}).isPhysical(link("e.h0", "device")));
        assertFalse(PhysicalNicFilter.of(new String[] {"device"}, new String[] {"e.h0"}).isPhysical(link("eth0", "device")));
    }

    @Test
    void anEmptyFilterIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> PhysicalNicFilter.of(new String[] {" "}, new String[] {"*"}));
        assertThrows(IllegalArgumentException.class, () -> PhysicalNicFilter.of(new String[] {"device"}, new String[0]));
    }
}
