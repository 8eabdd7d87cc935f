package zos.networkd.wireguard.internal;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtendWith;

import zos.networkd.api.wireguard.WireguardBackend;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.LabExtension;

/** The WireGuard behaviour with real wireguard-go processes in lab namespaces. */
@ExtendWith(LabExtension.class)
class UserspaceWireguardTest extends WireguardBehaviour {
    @Override
    protected Optional<String> unavailable(NetlinkHostNetworking host) {
        return Optional.empty(); // wireguard-go must be installed: a missing one fails the tests
    }

    @Override
    protected Backend backend(NetlinkHostNetworking host, Path state) {
        return WireguardComponent.userspace(host, state, "wireguard-go");
    }

    @Override
    protected WireguardBackend kind() {
        return WireguardBackend.USERSPACE;
    }
}
