package zos.networkd.api.host;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import org.osgi.annotation.versioning.ProviderType;

import zos.networkd.api.netlink.NetlinkMessage;
import zos.networkd.api.netlink.NetlinkMessageWriter;

/**
 * One network namespace and what the kernel holds in it. Every method is safe from any thread:
 * the implementation never moves the caller's thread into another namespace. Failures throw
 * {@link HostNetworkException} naming the object, the namespace and the kernel's errno and
 * extended-ack text; arguments are validated before anything is sent to the kernel.
 */
@ProviderType
public interface NetworkNamespace {

    /** The namespace's name, or {@code null} for the daemon's own namespace. */
    String name();

    /** Text for messages: {@code netns 'n-x'} or {@code the node's own netns}. */
    String describe();

    // ---- links ----

    List<Link> links();

    Optional<Link> link(String name);

    Optional<Link> link(int index);

    /** Creates a link; for a veth pair, returns the end named {@code spec.name()}. */
    Link createLink(LinkSpec spec);

    void deleteLink(String name);

    void setUp(String name);

    void setDown(String name);

    void setMtu(String name, int mtu);

    void setMac(String name, MacAddress mac);

    /** Enslaves {@code name} to the bridge {@code master}. */
    void setMaster(String name, String master);

    /** Releases {@code name} from its bridge. */
    void clearMaster(String name);

    void rename(String name, String newName);

    /** Moves the link into another namespace; it keeps its name there. */
    void moveTo(String name, NetworkNamespace target);

    // ---- addresses ----

    List<Address> addresses();

    List<Address> addresses(String link);

    /** Adds an address; fails (EEXIST) when the link already has it. */
    void addAddress(String link, AddressSpec address);

    /** Adds an address or updates the one there (its lifetimes, e.g. a renewed lease). */
    void replaceAddress(String link, AddressSpec address);

    void deleteAddress(String link, Cidr address);

    // ---- routes ----

    /** Routes of the main table. */
    List<Route> routes(AddressFamily family);

    /** Routes of one table, or of all with {@link Route#TABLE_ALL}. */
    List<Route> routes(AddressFamily family, int table);

    /** The default gateway of the main table, if one exists (lowest metric wins). */
    Optional<InetAddress> defaultGateway(AddressFamily family);

    /** Adds a route; fails (EEXIST) when the same route exists. */
    void addRoute(RouteSpec route);

    /** Adds the route or replaces the one with the same destination, table and metric. */
    void replaceRoute(RouteSpec route);

    void deleteRoute(RouteSpec route);

    // ---- sysctls (net.* keys of this namespace) ----

    /** Reads a sysctl of this namespace, e.g. {@code net.ipv4.ip_forward}. */
    String sysctl(String key);

    /** Writes a sysctl of this namespace. */
    void setSysctl(String key, String value);

    void setForwarding(AddressFamily family, boolean enabled);

    /** {@code net.ipv6.conf.<link>.accept_ra}: 0 off, 1 on unless forwarding, 2 on even when forwarding. */
    void setAcceptRa(String link, int value);

    void setIpv6Disabled(String link, boolean disabled);

    // ---- work inside the namespace ----

    /**
     * Runs {@code work} on a thread that lives in this namespace (sockets it opens and processes it
     * starts belong here) and returns its result. The thread is dedicated to this namespace.
     */
    <T> T call(Callable<T> work) throws Exception;

    // ---- events and generic netlink ----

    /** Delivers the kernel's events of the given groups in this namespace until closed. */
    Subscription subscribe(Set<EventGroup> groups, NetworkEventListener listener);

    /** Resolves a generic netlink family by name; fails (ENOENT) when the kernel has no such family. */
    GenericNetlinkFamily genericFamily(String name);

    /**
     * Sends one generic netlink request (built with the family's id as message type, see
     * {@link #genericFamily}) on this namespace's generic netlink socket and returns the kernel's
     * answer: the messages before its acknowledgement (the request asks for one), or, when the
     * request has {@code NLM_F_DUMP}, every message of the dump. A refusal throws
     * {@link HostNetworkException} with {@code operation}, this namespace and the kernel's errno
     * and extended-ack text.
     *
     * @param dump whether the request is a dump ({@code NLM_F_DUMP} set by the caller)
     */
    List<NetlinkMessage> genericRequest(NetlinkMessageWriter request, boolean dump, String operation);
}
