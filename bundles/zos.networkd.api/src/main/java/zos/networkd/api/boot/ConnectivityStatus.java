package zos.networkd.api.boot;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

import zos.networkd.api.host.Cidr;

/**
 * Everything boot knows, as one immutable picture.
 *
 * @param state the state
 * @param bridge the uplink bridge ({@code zos}), null before it exists
 * @param uplinkNic the NIC enslaved to it, null before one is chosen
 * @param choice why that NIC was chosen (or why none was yet)
 * @param lease the bridge's IPv4 lease, null when none
 * @param ipv6 global IPv6 addresses on the bridge (from router advertisements)
 * @param gateway6 IPv6 default gateway, null when none
 * @param probes the last probe round's result per NIC
 * @param parameters the node's boot parameters
 * @param since when the state last changed
 * @param timeline recent events, oldest first
 */
public record ConnectivityStatus(ConnectivityState state, String bridge, String uplinkNic, String choice, Lease lease,
        List<Cidr> ipv6, InetAddress gateway6, List<NicProbe> probes, NodeParameters parameters, Instant since,
        List<BootEvent> timeline) {
    public ConnectivityStatus {
        ipv6 = List.copyOf(ipv6);
        probes = List.copyOf(probes);
        timeline = List.copyOf(timeline);
    }

    public boolean isOnline() {
        return state == ConnectivityState.ONLINE;
    }
}
