package zos.networkd.api.host;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's host networking over netlink: its own network namespace and named namespaces
 * (those under {@code /var/run/netns}, visible to {@code ip netns}).
 *
 * <p>Safety: unless the operator switched it on ({@code zos.networkd.netlink} configuration,
 * {@code manageOwnNamespace}), every change to the namespace the daemon runs in is refused, so a
 * distribution started by hand on an ordinary machine reads its network but never changes it.
 * Named namespaces are always writable.
 */
@ProviderType
public interface HostNetworking {

    /** The namespace the daemon runs in. */
    NetworkNamespace ownNamespace();

    /** An existing named namespace; throws {@link HostNetworkException} (ENOENT) when there is none. */
    NetworkNamespace namespace(String name);

    /**
     * Creates a named namespace with {@code lo} up; throws {@link HostNetworkException} (EEXIST)
     * when the name is taken.
     */
    NetworkNamespace createNamespace(String name);

    /**
     * Deletes a named namespace: its links go with it once nothing holds it. Throws (ENOENT) when
     * there is none.
     */
    void deleteNamespace(String name);

    boolean namespaceExists(String name);

    /** Names of the named namespaces, sorted. */
    List<String> namespaces();

    /** Whether changes to the daemon's own namespace are allowed (the safety opt-in). */
    boolean ownNamespaceWritable();
}
