package zos.networkd.api.boot;

import java.time.Duration;
import java.util.List;

import zos.networkd.api.host.Cidr;

/**
 * The result of probing one NIC in isolation.
 *
 * @param nic the NIC's name
 * @param outcome what was found
 * @param reason the reason in words ({@code no DHCP offer in 10 s}, {@code chosen: private gateway 10.0.0.1})
 * @param lease the lease it got, null when none
 * @param ipv6 global IPv6 addresses router advertisements gave it
 * @param took how long the probe took
 */
public record NicProbe(String nic, ProbeOutcome outcome, String reason, Lease lease, List<Cidr> ipv6, Duration took) {
    public NicProbe {
        ipv6 = List.copyOf(ipv6);
    }

    public NicProbe withOutcome(ProbeOutcome newOutcome, String newReason) {
        return new NicProbe(nic, newOutcome, newReason, lease, ipv6, took);
    }
}
