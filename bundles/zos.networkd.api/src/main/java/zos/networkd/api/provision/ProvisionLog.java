package zos.networkd.api.provision;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** What provisioning did: recent workloads with their results, and the networks it keeps records of. */
@ProviderType
public interface ProvisionLog {

    /** The most recent workloads handled, oldest first (bounded; kept across restarts). */
    List<ProvisionEntry> recent();

    /** Every network provisioned on this node, deleted ones included, by network id. */
    List<ProvisionedNetwork> networks();
}
