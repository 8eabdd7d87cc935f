package zos.networkd.boot.internal;

import java.net.InetAddress;
import java.util.Optional;

import zos.networkd.api.boot.Lease;
import zos.networkd.api.host.Address;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.AddressScope;
import zos.networkd.api.host.AddressSpec;
import zos.networkd.api.host.Link;
import zos.networkd.api.host.LinkOptions;
import zos.networkd.api.host.LinkSpec;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.api.host.Route;
import zos.networkd.api.host.RouteSpec;

/**
 * The {@code zos} bridge: built on the chosen NIC with that NIC's MAC (so the DHCP lease and the
 * node's identity on the LAN stay the same), or adopted as it is. Building is all or nothing: a
 * failure halfway releases the NIC and removes the bridge (the original left failed NICs enslaved,
 * #533).
 */
final class UplinkBridge {
    private final NetworkNamespace node;
    private final String bridge;

    UplinkBridge(NetworkNamespace node, String bridge) {
        this.node = node;
        this.bridge = bridge;
    }

    String name() {
        return bridge;
    }

    void build(String nic) {
        Link uplink = node.link(nic).orElseThrow(() -> new IllegalStateException("NIC " + nic + " is gone"));
        node.createLink(LinkSpec.bridge(bridge).with(LinkOptions.DEFAULTS.withMac(uplink.mac())));
        try {
            // the NIC carries no address of its own once it is a port
            for (Address a : node.addresses(nic)) {
                if (a.scope() != AddressScope.LINK) {
                    node.deleteAddress(nic, a.cidr());
                }
            }
            node.setMaster(nic, bridge);
            node.setUp(nic);
            // router advertisements are wanted even once the node forwards (network resources)
            node.setAcceptRa(bridge, 2);
            node.setUp(bridge);
        } catch (RuntimeException e) {
            try {
                node.clearMaster(nic);
            } catch (RuntimeException ignored) {
                // it may never have been enslaved
            }
            node.deleteLink(bridge);
            throw e;
        }
    }

    /** The NIC enslaved to an existing bridge, if the bridge exists and has one. */
    Optional<String> existingUplink() {
        Optional<Link> existing = node.link(bridge).filter(l -> "bridge".equals(l.kind()));
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        int index = existing.get().index();
        return node.links().stream().filter(l -> l.masterIndex() == index).map(Link::name).findFirst();
    }

    boolean exists() {
        return node.link(bridge).isPresent();
    }

    Optional<Address> ipv4Address() {
        return node.addresses(bridge).stream()
                .filter(a -> a.family() == AddressFamily.IPV4 && a.scope() == AddressScope.UNIVERSE).findFirst();
    }

    /** Removes a bridge that cannot be adopted, releasing its ports. */
    void dismantle() {
        Optional<Link> existing = node.link(bridge);
        if (existing.isEmpty()) {
            return;
        }
        int index = existing.get().index();
        node.links().stream().filter(l -> l.masterIndex() == index).forEach(l -> node.clearMaster(l.name()));
        node.deleteLink(bridge);
    }

    /**
     * Puts a lease on the bridge: the address lives exactly as long as the lease (the kernel drops it
     * at expiry, not before, even if the DHCP server is gone); a changed address replaces the old.
     */
    void apply(Lease lease, Address previous) {
        AddressSpec spec = lease.isStatic() ? AddressSpec.of(lease.address())
                : AddressSpec.of(lease.address()).withLifetimes(lease.seconds(), lease.seconds());
        node.replaceAddress(bridge, spec);
        if (previous != null && !previous.cidr().equals(lease.address())) {
            node.deleteAddress(bridge, previous.cidr());
        }
        if (lease.gateway() != null) {
            node.replaceRoute(RouteSpec.defaultRoute(AddressFamily.IPV4).via(lease.gateway()).dev(bridge)
                    .protocol(lease.isStatic() ? Route.PROTOCOL_STATIC : Route.PROTOCOL_DHCP));
        }
    }

    Optional<InetAddress> gateway(AddressFamily family) {
        return node.defaultGateway(family);
    }
}
