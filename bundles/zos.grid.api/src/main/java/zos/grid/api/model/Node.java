package zos.grid.api.model;

import java.time.Instant;
import java.util.List;

import zos.grid.api.crypto.KeyId;

/**
 * A node as the registry shows it: its registration, when it registered and was last heard from,
 * the NICs and used ports it published, and its farmer's public configuration (null when none).
 */
public record Node(KeyId id, long farmId, String hostname, String version, AgreementKey agreementKey,
        Instant registered, Instant lastSeen, List<Interface> interfaces, UsedPorts usedPorts, PublicConfig publicConfig) {
    public Node {
        Check.present("id", id);
        Check.positive("farm_id", farmId);
        Check.present("registered", registered);
        Check.present("last_seen", lastSeen);
        interfaces = Interface.set(interfaces);
        Check.present("used_ports", usedPorts);
    }
}
