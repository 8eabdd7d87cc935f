package zos.grid.api.client;

import org.osgi.annotation.versioning.ProviderType;

/** The node's registry client: registration, publishing, workload polling and result delivery. */
@ProviderType
public interface RegistryClient {
    RegistryClientStatus status();
}
