package zos.networkd.api.nics;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The live inventory of the node's network interfaces, kept current from kernel events. To be
 * told of changes, register a {@link NicListener} service.
 */
@ProviderType
public interface NicInventory {

    /** Every interface of the node's namespace except loopback, sorted by name. */
    List<Nic> nics();

    /** The interfaces that count as the node's own physical NICs, sorted by name. */
    List<Nic> physicalNics();

    Optional<Nic> nic(String name);

    /** Increases with every change; listeners get the same number. */
    long generation();
}
