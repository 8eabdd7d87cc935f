package zos.networkd.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import zos.networkd.api.boot.Lease;
import zos.networkd.api.boot.NicProbe;
import zos.networkd.api.boot.ProbeOutcome;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;

class NicChooserTest {
    static NicProbe usable(String nic, String address, String gateway) {
        Lease lease = new Lease(Cidr.parse(address), IpAddresses.parse(gateway), List.of(), null,
                IpAddresses.parse(gateway), 120, Instant.EPOCH, Instant.EPOCH.plusSeconds(120));
        return new NicProbe(nic, ProbeOutcome.NOT_CHOSEN, "lease", lease, List.of(), Duration.ZERO);
    }

    static NicProbe failed(String nic, ProbeOutcome outcome) {
        return new NicProbe(nic, outcome, outcome.name(), null, List.of(), Duration.ZERO);
    }

    @Test
    void privateGatewayBeatsPublicInAnyOrder() {
        NicProbe pub = usable("eth0", "203.0.113.50/24", "203.0.113.1");
        NicProbe oob = usable("eth1", "10.0.0.50/24", "10.0.0.1");
        assertEquals(Optional.of("eth1"), NicChooser.choose(List.of(pub, oob), null).nic());
        assertEquals(Optional.of("eth1"), NicChooser.choose(List.of(oob, pub), null).nic());
    }

    @Test
    void tiesGoToTheLowestAddressNumerically() {
        NicProbe a = usable("eth0", "10.0.0.200/24", "10.0.0.1");
        NicProbe b = usable("eth1", "10.0.0.30/24", "10.0.0.1");
        NicChooser.Choice choice = NicChooser.choose(List.of(a, b), null);
        assertEquals(Optional.of("eth1"), choice.nic());
        assertTrue(choice.reason().contains("lowest address of 2"), choice.reason());
        assertEquals(ProbeOutcome.NOT_CHOSEN, choice.probes().get(0).outcome());
        assertTrue(choice.probes().get(0).reason().startsWith("not chosen: eth1 preferred"));
    }

    @Test
    void nicsThatReachTheRegistryComeFirst() {
        NicProbe oobUnreachable = usable("eth0", "10.0.0.5/24", "10.0.0.1")
                .withOutcome(ProbeOutcome.REGISTRY_UNREACHABLE, "registry unreachable");
        NicProbe pub = usable("eth1", "203.0.113.5/24", "203.0.113.1");
        NicChooser.Choice choice = NicChooser.choose(List.of(oobUnreachable, pub), null);
        assertEquals(Optional.of("eth1"), choice.nic());
        assertEquals(ProbeOutcome.REGISTRY_UNREACHABLE, choice.probes().get(0).outcome());
        // when none reaches it, the best of the rest is still taken (the registry may be down)
        NicChooser.Choice none = NicChooser.choose(List.of(oobUnreachable), null);
        assertEquals(Optional.of("eth0"), none.nic());
        assertTrue(none.reason().contains("no NIC reached the registry yet"), none.reason());
    }

    @Test
    void aForcedNicIsTakenOrNothingIs() {
        NicProbe oob = usable("eth1", "10.0.0.50/24", "10.0.0.1");
        NicProbe pub = usable("eth0", "203.0.113.50/24", "203.0.113.1");
        assertEquals(Optional.of("eth0"), NicChooser.choose(List.of(pub, oob), "eth0").nic());
        NicChooser.Choice dead = NicChooser.choose(List.of(failed("eth0", ProbeOutcome.NO_CARRIER), oob), "eth0");
        assertEquals(Optional.empty(), dead.nic());
        assertTrue(dead.reason().startsWith("forced NIC eth0 (zos.nic)"), dead.reason());
        assertEquals(Optional.empty(), NicChooser.choose(List.of(oob), "eth9").nic());
    }

    @Test
    void nothingUsableIsSaid() {
        NicChooser.Choice choice = NicChooser.choose(List.of(failed("eth0", ProbeOutcome.NO_CARRIER),
                failed("eth1", ProbeOutcome.NO_DHCP_OFFER), failed("eth2", ProbeOutcome.NO_GATEWAY)), null);
        assertEquals(Optional.empty(), choice.nic());
        assertEquals("no NIC has a DHCP lease with a default gateway", choice.reason());
    }
}
