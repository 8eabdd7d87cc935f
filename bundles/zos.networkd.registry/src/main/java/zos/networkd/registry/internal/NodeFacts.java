package zos.networkd.registry.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.model.AgreementKey;
import zos.grid.api.model.Interface;
import zos.grid.api.model.NodeRegistration;
import zos.grid.api.model.UsedPorts;
import zos.networkd.api.identity.NodeIdentity;
import zos.networkd.api.nics.Nic;
import zos.networkd.api.ports.PortRange;

/** What the node tells the registry about itself, in the registry's model. */
final class NodeFacts {
    private NodeFacts() {
    }

    static NodeRegistration registration(NodeIdentity identity, long farmId, String version) {
        return new NodeRegistration(KeyId.parse(identity.nodeId()), farmId, hostname(identity),
                version, new AgreementKey(identity.agreementPublicKey(), identity.agreementKeySignature()));
    }

    /** The kernel's host name when it is a valid one, else one made from the node id. */
    static String hostname(NodeIdentity identity) {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (name.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")) {
                return name;
            }
        } catch (IOException e) {
            // not Linux, or no proc: the fallback below
        }
        return "node-" + identity.nodeId().substring(0, 8).toLowerCase();
    }

    /**
     * The NICs the registry should know (the node's own NICs, and the uplink bridge that holds their
     * addresses), each with its MAC, addresses and default gateways. Links without a MAC are not NICs.
     */
    static List<Interface> interfaces(List<Nic> nics, String uplinkBridge) {
        List<Interface> published = new ArrayList<>();
        for (Nic nic : nics) {
            if (nic.mac() == null || !(nic.physical() || nic.name().equals(uplinkBridge))) {
                continue;
            }
            List<InetAddress> gateways = new ArrayList<>();
            if (nic.gateway4() != null) {
                gateways.add(nic.gateway4());
            }
            if (nic.gateway6() != null) {
                gateways.add(nic.gateway6());
            }
            published.add(new Interface(nic.name(), nic.mac(), nic.addresses(), gateways));
        }
        return published;
    }

    /** Leased ports and the reserved ones (small ranges only: a client needs them, not a flood). */
    static UsedPorts usedPorts(zos.networkd.api.ports.UsedPorts ports) {
        SortedSet<Integer> all = new TreeSet<>(ports.leased());
        for (PortRange range : ports.reserved()) {
            if (range.last() - range.first() < 1024) {
                for (int p = range.first(); p <= range.last(); p++) {
                    all.add(p);
                }
            }
        }
        return new UsedPorts(List.copyOf(all));
    }
}
