package zos.networkd.netlink.internal;

import java.util.regex.Pattern;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import zos.networkd.api.files.ProcFiles;
import zos.networkd.api.host.Address;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.AddressSpec;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.EventGroup;
import zos.networkd.api.host.GenericNetlinkFamily;
import zos.networkd.api.host.HostNetworkException;
import zos.networkd.api.host.Link;
import zos.networkd.api.host.LinkSpec;
import zos.networkd.api.host.MacAddress;
import zos.networkd.api.host.Names;
import zos.networkd.api.host.NetworkEventListener;
import zos.networkd.api.host.NetworkNamespace;
import zos.networkd.api.host.Route;
import zos.networkd.api.host.RouteSpec;
import zos.networkd.api.host.Subscription;
import zos.networkd.api.netlink.Netlink;
import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;

/**
 * One namespace's operations: each builds its netlink request, sends it on the namespace's
 * socket and turns the kernel's refusal into a {@link HostNetworkException} naming the object.
 */
final class NetlinkNetworkNamespace implements NetworkNamespace {
    private static final int ENODEV = 19;
    private static final int EOPNOTSUPP = 95;
    private static final Path SYSCTL_ROOT = Path.of("/proc/sys");
    private static final Pattern SYSCTL_KEY = Pattern.compile("net[./][A-Za-z0-9_.:@/-]+");

    private final NamespaceRegistry registry;
    private final String name;
    private final BooleanSupplier ownNamespaceWritable;

    NetlinkNetworkNamespace(NamespaceRegistry registry, String name, BooleanSupplier ownNamespaceWritable) {
        this.registry = registry;
        this.name = name;
        this.ownNamespaceWritable = ownNamespaceWritable;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return NamespaceContext.describe(name);
    }

    private String op(String what) {
        return what + " in " + describe();
    }

    private <T> T withSocket(String operation, Function<NetlinkSocket, T> work) {
        NamespaceContext context = registry.acquire(name, operation);
        try {
            return work.apply(context.route());
        } finally {
            context.release();
        }
    }

    private void change(String operation, Function<NetlinkSocket, NetlinkMessageWriter> request) {
        requireWritable(operation);
        withSocket(operation, socket -> socket.request(request.apply(socket), operation));
    }

    /** The safety switch: the daemon's own namespace is read-only unless the operator opted in. */
    void requireWritable(String operation) {
        if (name == null && !ownNamespaceWritable.getAsBoolean()) {
            throw new HostNetworkException(operation, "changes to the node's own network namespace are disabled "
                    + "(set manageOwnNamespace = true in etc/zos.networkd.netlink.cfg on a node that zos manages)");
        }
    }

    private static int indexOf(NetlinkSocket socket, String link, String operation) {
        Names.checkInterfaceName(link);
        try {
            return Rtnl.parseLink(socket.request(Rtnl.linkGet(link), operation).get(0)).index();
        } catch (HostNetworkException e) {
            if (e.errno() == ENODEV) {
                throw Errno.failure(operation + ": no link '" + link + "'", ENODEV, e.kernelMessage());
            }
            throw e;
        }
    }

    // ---- links ----

    @Override
    public List<Link> links() {
        String operation = op("list links");
        return withSocket(operation, s -> s.dump(Rtnl.linkDump(), operation).stream().map(Rtnl::parseLink).toList());
    }

    @Override
    public Optional<Link> link(String linkName) {
        Names.checkInterfaceName(linkName);
        return getLink(Rtnl.linkGet(linkName), op("get link '" + linkName + "'"));
    }

    @Override
    public Optional<Link> link(int index) {
        return getLink(Rtnl.linkGet(index), op("get link #" + index));
    }

    private Optional<Link> getLink(NetlinkMessageWriter request, String operation) {
        try {
            return withSocket(operation, s -> s.request(request, operation).stream().findFirst().map(Rtnl::parseLink));
        } catch (HostNetworkException e) {
            if (e.errno() == ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Link createLink(LinkSpec spec) {
        StringBuilder what = new StringBuilder("create ").append(spec.kind()).append(" '").append(spec.name()).append('\'');
        if (spec instanceof LinkSpec.Veth veth) {
            what.append(" (peer '").append(veth.peerName()).append('\'');
            if (veth.peerNamespace() != null) {
                what.append(" in ").append(NamespaceContext.describe(veth.peerNamespace()));
            }
            what.append(')');
        }
        String operation = op(what.toString());
        requireWritable(operation);
        return withSocket(operation, s -> {
            int parent = 0;
            if (spec instanceof LinkSpec.Macvlan macvlan) {
                parent = indexOf(s, macvlan.parent(), operation);
            } else if (spec instanceof LinkSpec.Vlan vlan) {
                parent = indexOf(s, vlan.parent(), operation);
            }
            int peerNamespaceFd = -1;
            if (spec instanceof LinkSpec.Veth veth && veth.peerNamespace() != null) {
                peerNamespaceFd = NamespaceRegistry.openNamespace(veth.peerNamespace());
            }
            List<NetlinkMessage> echoed;
            try {
                echoed = s.request(Rtnl.linkCreate(spec, parent, peerNamespaceFd), operation);
            } catch (HostNetworkException e) {
                if (e.errno() == EOPNOTSUPP) {
                    throw Errno.failure(operation + ": this kernel cannot create links of kind '" + spec.kind()
                            + "' (not built in, module missing)", EOPNOTSUPP, e.kernelMessage());
                }
                throw e;
            } finally {
                if (peerNamespaceFd >= 0) {
                    NetlinkSocket.closeQuietly(peerNamespaceFd);
                }
            }
            // a veth echoes both ends; kernels without echo support for links answer with none
            return echoed.stream().filter(m -> m.type() == Rtnl.RTM_NEWLINK).map(Rtnl::parseLink)
                    .filter(l -> l.name().equals(spec.name())).findFirst()
                    .orElseGet(() -> Rtnl.parseLink(s.request(Rtnl.linkGet(spec.name()), operation).get(0)));
        });
    }

    @Override
    public void deleteLink(String linkName) {
        Names.checkInterfaceName(linkName);
        change(op("delete link '" + linkName + "'"), s -> Rtnl.linkDelete(linkName));
    }

    @Override
    public void setUp(String linkName) {
        Names.checkInterfaceName(linkName);
        change(op("set link '" + linkName + "' up"), s -> Rtnl.linkChange(linkName, 0, Rtnl.IFF_UP, Rtnl.IFF_UP));
    }

    @Override
    public void setDown(String linkName) {
        Names.checkInterfaceName(linkName);
        change(op("set link '" + linkName + "' down"), s -> Rtnl.linkChange(linkName, 0, 0, Rtnl.IFF_UP));
    }

    /** Adds the attributes of a link change; may look other links up on the socket. */
    @FunctionalInterface
    private interface LinkAttributes {
        void put(NetlinkMessageWriter request, NetlinkSocket socket, String operation);
    }

    /** Changes attributes of the link named {@code linkName} in one request. */
    private void changeLink(String what, String linkName, LinkAttributes attributes) {
        Names.checkInterfaceName(linkName);
        String operation = op(what);
        change(operation, s -> {
            NetlinkMessageWriter w = Rtnl.linkChange(linkName, 0, 0, 0);
            attributes.put(w, s, operation);
            return w;
        });
    }

    @Override
    public void setMtu(String linkName, int mtu) {
        changeLink("set MTU " + mtu + " on link '" + linkName + "'", linkName,
                (w, s, operation) -> w.putU32(Rtnl.IFLA_MTU, mtu));
    }

    @Override
    public void setMac(String linkName, MacAddress mac) {
        changeLink("set address " + mac + " on link '" + linkName + "'", linkName,
                (w, s, operation) -> w.putAttribute(Rtnl.IFLA_ADDRESS, mac.bytes()));
    }

    @Override
    public void setMaster(String linkName, String master) {
        changeLink("enslave link '" + linkName + "' to '" + master + "'", linkName,
                (w, s, operation) -> w.putU32(Rtnl.IFLA_MASTER, indexOf(s, master, operation)));
    }

    @Override
    public void clearMaster(String linkName) {
        changeLink("release link '" + linkName + "' from its master", linkName,
                (w, s, operation) -> w.putU32(Rtnl.IFLA_MASTER, 0));
    }

    @Override
    public void rename(String linkName, String newName) {
        Names.checkInterfaceName(newName);
        String operation = op("rename link '" + linkName + "' to '" + newName + "'");
        change(operation, s -> {
            NetlinkMessageWriter w = Rtnl.linkChange(null, indexOf(s, linkName, operation), 0, 0);
            w.putString(Rtnl.IFLA_IFNAME, newName);
            return w;
        });
    }

    @Override
    public void moveTo(String linkName, NetworkNamespace target) {
        String what = "move link '" + linkName + "' to " + target.describe();
        if (target.name() == null) {
            // moving a link in changes the node's own namespace just as much
            new NetlinkNetworkNamespace(registry, null, ownNamespaceWritable).requireWritable(op(what));
        }
        int fd = NamespaceRegistry.openNamespace(target.name());
        try {
            changeLink(what, linkName, (w, s, operation) -> w.putU32(Rtnl.IFLA_NET_NS_FD, fd));
        } finally {
            NetlinkSocket.closeQuietly(fd);
        }
    }

    // ---- addresses ----

    @Override
    public List<Address> addresses() {
        String operation = op("list addresses");
        return withSocket(operation,
                s -> s.dump(Rtnl.addressDump(), operation).stream().map(Rtnl::parseAddress).toList());
    }

    @Override
    public List<Address> addresses(String linkName) {
        String operation = op("list addresses of '" + linkName + "'");
        return withSocket(operation, s -> {
            int index = indexOf(s, linkName, operation);
            return s.dump(Rtnl.addressDump(), operation).stream().map(Rtnl::parseAddress)
                    .filter(a -> a.linkIndex() == index).toList();
        });
    }

    @Override
    public void addAddress(String linkName, AddressSpec address) {
        changeAddress("add address " + address.cidr() + " to '" + linkName + "'", linkName, Rtnl.RTM_NEWADDR,
                Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, address);
    }

    @Override
    public void replaceAddress(String linkName, AddressSpec address) {
        changeAddress("replace address " + address.cidr() + " on '" + linkName + "'", linkName, Rtnl.RTM_NEWADDR,
                Netlink.NLM_F_CREATE | Netlink.NLM_F_REPLACE, address);
    }

    @Override
    public void deleteAddress(String linkName, Cidr address) {
        changeAddress("delete address " + address + " from '" + linkName + "'", linkName, Rtnl.RTM_DELADDR, 0,
                AddressSpec.of(address));
    }

    private void changeAddress(String what, String linkName, int type, int flags, AddressSpec address) {
        String operation = op(what);
        change(operation, s -> Rtnl.addressChange(type, flags, indexOf(s, linkName, operation), address));
    }

    // ---- routes ----

    @Override
    public List<Route> routes(AddressFamily family) {
        return routes(family, Route.TABLE_MAIN);
    }

    @Override
    public List<Route> routes(AddressFamily family, int table) {
        String operation = op("list " + family + " routes");
        return withSocket(operation, s -> s.dump(Rtnl.routeDump(family), operation).stream()
                .map(Rtnl::parseRoute).filter(r -> table == Route.TABLE_ALL || r.table() == table).toList());
    }

    @Override
    public Optional<InetAddress> defaultGateway(AddressFamily family) {
        return routes(family).stream().filter(r -> r.isDefault() && r.gateway() != null)
                .min(Comparator.comparingInt(Route::metric)).map(Route::gateway);
    }

    @Override
    public void addRoute(RouteSpec route) {
        changeRoute("add route " + route, Rtnl.RTM_NEWROUTE, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, route);
    }

    @Override
    public void replaceRoute(RouteSpec route) {
        changeRoute("replace route " + route, Rtnl.RTM_NEWROUTE, Netlink.NLM_F_CREATE | Netlink.NLM_F_REPLACE, route);
    }

    @Override
    public void deleteRoute(RouteSpec route) {
        changeRoute("delete route " + route, Rtnl.RTM_DELROUTE, 0, route);
    }

    private void changeRoute(String what, int type, int flags, RouteSpec route) {
        String operation = op(what);
        change(operation, s -> Rtnl.routeChange(type, flags, route,
                route.device() == null ? 0 : indexOf(s, route.device(), operation)));
    }

    // ---- sysctls ----

    /** {@code net.ipv4.ip_forward} or {@code net/ipv4/ip_forward}; only the per-namespace {@code net} tree. */
    static Path sysctlPath(String key) {
        if (key == null || !SYSCTL_KEY.matcher(key).matches() || key.contains("..") || key.contains("//")) {
            throw new IllegalArgumentException("not a network sysctl key: '" + key + "' (expected net.…)");
        }
        String[] parts = key.indexOf('/') >= 0 ? key.split("/") : key.split("\\.");
        return SYSCTL_ROOT.resolve(String.join("/", parts));
    }

    private static Path linkSysctl(String family, String link, String leaf) {
        Names.checkInterfaceName(link);
        return SYSCTL_ROOT.resolve("net").resolve(family).resolve("conf").resolve(link).resolve(leaf);
    }

    @Override
    public String sysctl(String key) {
        return readSysctl(sysctlPath(key));
    }

    @Override
    public void setSysctl(String key, String value) {
        writeSysctl(sysctlPath(key), value);
    }

    @Override
    public void setForwarding(AddressFamily family, boolean enabled) {
        Path path = family == AddressFamily.IPV4 ? SYSCTL_ROOT.resolve("net/ipv4/ip_forward")
                : SYSCTL_ROOT.resolve("net/ipv6/conf/all/forwarding");
        writeSysctl(path, enabled ? "1" : "0");
    }

    @Override
    public void setAcceptRa(String link, int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("accept_ra of '" + link + "': " + value + " is not 0, 1 or 2");
        }
        writeSysctl(linkSysctl("ipv6", link, "accept_ra"), Integer.toString(value));
    }

    @Override
    public void setIpv6Disabled(String link, boolean disabled) {
        writeSysctl(linkSysctl("ipv6", link, "disable_ipv6"), disabled ? "1" : "0");
    }

    private static String keyOf(Path path) {
        return SYSCTL_ROOT.relativize(path).toString().replace('/', '.');
    }

    /** /proc/sys/net resolves against the namespace of the thread that opens it: read on the namespace's thread. */
    private String readSysctl(Path path) {
        String operation = op("read sysctl " + keyOf(path));
        return onWorker(operation, () -> {
            try {
                return ProcFiles.readSysctl(path);
            } catch (IOException e) {
                throw new HostNetworkException(operation, ioReason(e));
            }
        });
    }

    private void writeSysctl(Path path, String value) {
        String operation = op("set sysctl " + keyOf(path) + " = " + value);
        requireWritable(operation);
        onWorker(operation, () -> {
            try {
                Files.writeString(path, value);
                return null;
            } catch (IOException e) {
                throw new HostNetworkException(operation, ioReason(e));
            }
        });
    }

    private static String ioReason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such sysctl (" + e.getMessage() + ")"
                : e.getMessage();
    }

    private <T> T onWorker(String operation, Callable<T> work) {
        NamespaceContext context = registry.acquire(name, operation);
        try {
            return context.worker().callUnchecked(work);
        } finally {
            context.release();
        }
    }

    // ---- work, events, generic netlink ----

    @Override
    public <T> T call(Callable<T> work) throws Exception {
        NamespaceContext context = registry.acquire(name, op("run work"));
        try {
            return context.worker().call(work);
        } finally {
            context.release();
        }
    }

    @Override
    public Subscription subscribe(Set<EventGroup> groups, NetworkEventListener listener) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("subscription without event groups");
        }
        NamespaceContext context = registry.acquire(name, op("subscribe to events"));
        try {
            return new EventSubscription(context, groups, listener);
        } finally {
            context.release();
        }
    }

    @Override
    public GenericNetlinkFamily genericFamily(String family) {
        String operation = op("resolve generic netlink family '" + family + "'");
        List<NetlinkMessage> replies = generic(GenericNetlink.getFamily(family), false, operation);
        if (replies.isEmpty()) {
            throw new HostNetworkException(operation, "the kernel answered without the family");
        }
        return GenericNetlink.parseFamily(replies.get(0));
    }

    @Override
    public List<NetlinkMessage> genericRequest(NetlinkMessageWriter request, boolean dump, String operation) {
        String described = op(operation);
        if (!dump) {
            // a request that is not a dump may change the namespace (e.g. a WireGuard device's peers)
            requireWritable(described);
        }
        return generic(request, dump, described);
    }

    private List<NetlinkMessage> generic(NetlinkMessageWriter request, boolean dump, String operation) {
        NamespaceContext context = registry.acquire(name, operation);
        try {
            NetlinkSocket socket = context.generic();
            return dump ? socket.dump(request, operation) : socket.request(request, operation);
        } finally {
            context.release();
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
