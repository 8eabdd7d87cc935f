package zos.networkd.wireguard.internal;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtendWith;

import zos.networkd.api.wireguard.WireguardBackend;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.LabExtension;

/**
 * The same WireGuard behaviour through the kernel module. Skipped, with the kernel's reason, where
 * creating a link of kind wireguard fails (as on machines without the module).
 */
@ExtendWith(LabExtension.class)
class KernelWireguardTest extends WireguardBehaviour {
    @Override
    protected Optional<String> unavailable(NetlinkHostNetworking host) {
        return KernelSupport.missing(host, lab.name("probe"));
    }

    @Override
    protected Backend backend(NetlinkHostNetworking host, Path state) {
        return new KernelBackend(host);
    }

    @Override
    protected WireguardBackend kind() {
        return WireguardBackend.KERNEL;
    }
}
