package zos.networkd.wireguard.internal;

import java.util.Optional;

import zos.networkd.api.host.HostNetworkException;
import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.host.LinkSpec;

/**
 * Whether this kernel runs WireGuard: a link of kind {@code wireguard} is created (which also loads
 * the module) in a scratch namespace that is deleted again, so the node's own network never sees it.
 */
final class KernelSupport {
    private KernelSupport() {
    }

    /** Empty when the kernel can; otherwise the reason it cannot. */
    static Optional<String> missing(HostNetworking host, String scratchNamespace) {
        if (host.namespaceExists(scratchNamespace)) {
            host.deleteNamespace(scratchNamespace); // left by a crash during an earlier probe
        }
        host.createNamespace(scratchNamespace);
        try {
            host.namespace(scratchNamespace).createLink(LinkSpec.wireguard("wgprobe0"));
            return Optional.empty();
        } catch (HostNetworkException e) {
            return Optional.of(e.getMessage());
        } finally {
            host.deleteNamespace(scratchNamespace);
        }
    }
}
