package zos.networkd.api.boot;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's Internet access. Registered when the node is first online and kept registered
 * afterwards: a passing loss is a state change ({@link ConnectivityListener}), not the service
 * going away, so components that depend on it are not torn down.
 */
@ProviderType
public interface Connectivity {
    ConnectivityStatus status();

    NodeParameters parameters();
}
