package zos.grid.api.model;

/**
 * Keys of {@link WorkloadResult#data()} a node reports for a deployed network resource: what the
 * user's tool needs to make the node a peer of the others.
 */
public final class ResultData {
    /** The resource's WireGuard public key (base64), also when the node generated the key. */
    public static final String WG_PUBLIC_KEY = "wg_public_key";
    /** The listen port the node leased for it (decimal). */
    public static final String WG_LISTEN_PORT = "wg_listen_port";
    /** Where peers reach it over IPv4, {@code a.b.c.d:port}; absent when the node has no public IPv4. */
    public static final String ENDPOINT_IPV4 = "endpoint_ipv4";
    /** Where peers reach it over IPv6, {@code [v6]:port}; absent when the node has no global IPv6. */
    public static final String ENDPOINT_IPV6 = "endpoint_ipv6";
    /** "true" when the node has an endpoint others can dial, "false" when it is hidden (behind NAT). */
    public static final String PUBLIC = "public";
    /** The version of the definition the result is about (decimal). */
    public static final String VERSION = "version";
    /** What the node did: created, changed, unchanged, deleted, absent. */
    public static final String OUTCOME = "outcome";

    private ResultData() {
    }
}
