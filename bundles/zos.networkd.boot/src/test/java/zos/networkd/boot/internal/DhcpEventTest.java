package zos.networkd.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import zos.networkd.api.boot.Lease;

class DhcpEventTest {
    @Test
    void aBoundLineBecomesALease() {
        DhcpEvent e = DhcpEvent.parse("@zos-dhcp\tevent=bound\tip=198.51.100.57\tmask=24\trouter=198.51.100.1 198.51.100.2"
                + "\tdns=198.51.100.1 192.0.2.53\tlease=120\tserverid=198.51.100.1\tdomain=lab");
        assertTrue(e.grantsLease());
        Lease lease = e.lease(Instant.ofEpochSecond(1000));
        assertEquals("198.51.100.57/24", lease.address().toString());
        assertEquals("198.51.100.1", lease.gateway().getHostAddress());
        assertEquals(2, lease.dns().size());
        assertEquals("lab", lease.domain());
        assertEquals(120, lease.seconds());
        assertEquals(Instant.ofEpochSecond(1120), lease.expires());
    }

    @Test
    void dottedMasksNoRouterAndForeignLines() {
        Lease lease = DhcpEvent.parse("@zos-dhcp\tevent=renew\tip=10.1.2.3\tmask=255.255.0.0\trouter=\tdns=\tlease=60"
                + "\tserverid=10.1.0.1\tdomain=").lease(Instant.EPOCH);
        assertEquals("10.1.2.3/16", lease.address().toString());
        assertNull(lease.gateway());
        assertNull(lease.domain());
        assertNull(DhcpEvent.parse("udhcpc: sending discover"));
        assertEquals("deconfig", DhcpEvent.parse("@zos-dhcp\tevent=deconfig\tip=\tmask=").event());
    }
}
