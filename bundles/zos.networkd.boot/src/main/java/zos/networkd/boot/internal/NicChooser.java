package zos.networkd.boot.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import zos.networkd.api.boot.NicProbe;
import zos.networkd.api.boot.ProbeOutcome;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;

/**
 * Which probed NIC becomes the uplink: the forced one if configured; else, among NICs with a lease
 * and a default gateway (those that reach the registry first), one whose gateway is private (the
 * farm's management network); else any; ties go to the lowest address. Deterministic: the order in
 * which DHCP servers answered plays no part (the original picked the wrong NIC that way, #537).
 */
final class NicChooser {
    private static final List<Cidr> PRIVATE = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.168.0.0/16"));

    private NicChooser() {
    }

    /** The choice and every probe with its final outcome and reason. */
    record Choice(Optional<String> nic, String reason, List<NicProbe> probes) {
    }

    static boolean isPrivate(InetAddress address) {
        return PRIVATE.stream().anyMatch(p -> p.contains(address));
    }

    private static boolean usable(NicProbe p) {
        return p.lease() != null && p.lease().gateway() != null
                && (p.outcome() == ProbeOutcome.CHOSEN || p.outcome() == ProbeOutcome.NOT_CHOSEN
                        || p.outcome() == ProbeOutcome.REGISTRY_UNREACHABLE);
    }

    private static byte[] addressOf(NicProbe p) {
        return p.lease().address().address().getAddress();
    }

    private static final Comparator<NicProbe> LOWEST_ADDRESS = (a, b) -> java.util.Arrays.compareUnsigned(addressOf(a),
            addressOf(b));

    static Choice choose(List<NicProbe> probes, String forcedNic) {
        if (forcedNic != null) {
            Optional<NicProbe> forced = probes.stream().filter(p -> p.nic().equals(forcedNic)).findFirst();
            if (forced.isEmpty()) {
                return new Choice(Optional.empty(), "forced NIC " + forcedNic + " (zos.nic) was not found",
                        probes);
            }
            if (!usable(forced.get())) {
                return new Choice(Optional.empty(), "forced NIC " + forcedNic + " (zos.nic): " + forced.get().reason(),
                        probes);
            }
            return decide(probes, forced.get(), "forced by zos.nic");
        }
        List<NicProbe> usable = probes.stream().filter(NicChooser::usable).toList();
        if (usable.isEmpty()) {
            return new Choice(Optional.empty(), "no NIC has a DHCP lease with a default gateway", probes);
        }
        List<NicProbe> reaching = usable.stream().filter(p -> p.outcome() != ProbeOutcome.REGISTRY_UNREACHABLE).toList();
        List<NicProbe> pool = reaching.isEmpty() ? usable : reaching;
        List<NicProbe> privateGateway = pool.stream().filter(p -> isPrivate(p.lease().gateway())).toList();
        List<NicProbe> finalists = privateGateway.isEmpty() ? pool : privateGateway;
        NicProbe winner = finalists.stream().min(LOWEST_ADDRESS).orElseThrow();
        StringBuilder why = new StringBuilder(privateGateway.isEmpty() ? "default gateway " : "private gateway ")
                .append(IpAddresses.format(winner.lease().gateway()));
        if (finalists.size() > 1) {
            why.append(", lowest address of ").append(finalists.size());
        }
        if (reaching.isEmpty()) {
            why.append("; no NIC reached the registry yet");
        }
        return decide(probes, winner, why.toString());
    }

    private static Choice decide(List<NicProbe> probes, NicProbe winner, String why) {
        List<NicProbe> decided = new ArrayList<>();
        for (NicProbe p : probes) {
            if (p == winner) {
                decided.add(p.withOutcome(ProbeOutcome.CHOSEN, "chosen: " + why));
            } else if (usable(p) && p.outcome() != ProbeOutcome.REGISTRY_UNREACHABLE) {
                decided.add(p.withOutcome(ProbeOutcome.NOT_CHOSEN, "not chosen: " + winner.nic() + " preferred ("
                        + why + ")"));
            } else {
                decided.add(p);
            }
        }
        return new Choice(Optional.of(winner.nic()), winner.nic() + ": " + why, decided);
    }
}
