package zos.grid.api.registry;

import java.util.List;
import java.util.Optional;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.model.Farm;
import zos.grid.api.model.Node;
import zos.grid.api.model.User;

/**
 * A read-only view of a registry server's records, for the operator's commands in the same Karaf.
 * Changes go through the registry's signed HTTP API only.
 */
public interface RegistryView {

    /** Where the API is served, e.g. {@code /grid} (under the HTTP service's address). */
    String basePath();

    /** The version of the database schema the server runs on. */
    int schemaVersion();

    List<Farm> farms();

    /** Every node, by id. */
    List<Node> nodes();

    Optional<Node> node(KeyId id);

    List<User> users();

    /** The newest workloads first, of one user or (null) of all, at most {@code limit}. */
    List<NodeWorkload> workloads(KeyId user, int limit);
}
