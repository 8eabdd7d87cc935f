package zos.networkd.api.boot;

import org.osgi.annotation.versioning.ProviderType;

/** Boot's state, whatever it is (for operators and diagnostics). Always registered while boot runs. */
@ProviderType
public interface BootService {
    ConnectivityStatus status();
}
