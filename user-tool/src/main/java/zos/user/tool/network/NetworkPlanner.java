package zos.user.tool.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.Peer;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.mesh.MeshAddressing;

/**
 * The pure logic of a user network across nodes: names, the /24 of each node, listen ports, each
 * node's peers, and the wg-quick text of an access peer. No I/O: {@link NetworkOps} talks to the
 * registry with what this computes.
 *
 * <p>Subnets: the /24s of the range in address order, skipping those taken. The range's first /24
 * ({@code x.y.0.0/24} for a /16) is kept back when the range holds more than one: nodes get
 * {@code .1.0/24} onward as the original zos did, and for a /8 range the first /24 would map to
 * {@code 100.64.0.0}, the WireGuard range's own network address.
 *
 * <p>Peers: every node peers with every other, endpoint = the other's reported endpoint ({@code ""}
 * for a hidden one). Two hidden nodes cannot dial each other, so when the network has a public node
 * (the relay: the first public one) hidden nodes do not list each other; their peer entry for the
 * relay routes the other hidden nodes' prefixes instead. An access peer is a peer of its node only;
 * every other node routes its prefixes through that node's entry.
 */
public final class NetworkPlanner {
    /** Where picked listen ports come from (the original's range). */
    public static final int FIRST_PORT = 51820;
    public static final int LAST_PORT = 51999;
    public static final int MIN_RANGE_PREFIX = 8;
    public static final int SUBNET_PREFIX = 24;
    /** What a laptop keeps alive through NAT with. */
    public static final int ACCESS_KEEPALIVE = 25;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** The readable head of a net id (from the name); the rest is random. */
    private static final int ID_NAME_PART = 5;
    private static final Pattern PORT_REFUSAL = Pattern.compile(
            "(?i)listen port (\\d+) is (already in use|reserved)");

    private NetworkPlanner() {
    }

    /** A network's name: also its state file's name, so letters, digits, '.', '_', '-' only. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("network name '" + name
                    + "': must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    /** An IPv4 range of /8 to /24, given as its network address. */
    public static Cidr checkRange(String text) {
        Cidr range;
        try {
            range = Cidr.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("range '" + text + "': not a CIDR (" + e.getMessage() + ")");
        }
        if (range.family() != AddressFamily.IPV4) {
            throw new IllegalArgumentException("range " + text + ": must be IPv4 (e.g. 10.20.0.0/16)");
        }
        if (range.prefixLength() < MIN_RANGE_PREFIX || range.prefixLength() > SUBNET_PREFIX) {
            throw new IllegalArgumentException("range " + text + ": the prefix must be /8 to /24, not /" + range.prefixLength());
        }
        if (!range.network().equals(range)) {
            throw new IllegalArgumentException("range " + text + ": host bits set (did you mean " + range.network() + "?)");
        }
        return range;
    }

    /**
     * A new net id: up to five letters or digits of the name (so operators can tell it on a node),
     * then random ones up to {@value NetworkResource#MAX_NET_ID} characters (at least 8 random: 41 bits).
     */
    public static String netId(String name, RandomGenerator random) {
        StringBuilder id = new StringBuilder();
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if (id.length() < ID_NAME_PART && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                id.append(c);
            }
        }
        while (id.length() < NetworkResource.MAX_NET_ID) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    /** The /24s nodes may get in {@code range}, in order. */
    static List<Cidr> candidateSubnets(Cidr range) {
        int count = 1 << (SUBNET_PREFIX - range.prefixLength());
        List<Cidr> all = new ArrayList<>(count);
        for (int i = count > 1 ? 1 : 0; i < count; i++) {
            Cidr subnet = new Cidr(range.host((long) i << 8), SUBNET_PREFIX);
            if (!MeshAddressing.wireguardHost(subnet).address().equals(MeshAddressing.WIREGUARD_RANGE.address())) {
                all.add(subnet);
            }
        }
        return all;
    }

    /** The first {@code count} free /24s of the range, skipping {@code taken}. */
    public static List<Cidr> subnets(Cidr range, Collection<Cidr> taken, int count) {
        Set<Cidr> used = new HashSet<>();
        taken.forEach(c -> used.add(c.network()));
        List<Cidr> free = candidateSubnets(range).stream().filter(c -> !used.contains(c)).toList();
        if (free.size() < count) {
            throw new IllegalArgumentException("range " + range + " has room for " + free.size() + " more /24"
                    + (free.size() == 1 ? "" : "s") + " (the first is kept back), " + count + " asked: use a larger range");
        }
        return List.copyOf(free.subList(0, count));
    }

    /**
     * A listen port of {@value #FIRST_PORT}..{@value #LAST_PORT} not in {@code used} (what the node
     * published) nor {@code refused} (what it refused already); random among them, so that two users
     * picking for one node at once rarely collide (the node refuses the loser, who picks again).
     */
    public static int pickPort(KeyId node, Collection<Integer> used, Collection<Integer> refused, RandomGenerator random) {
        List<Integer> free = new ArrayList<>();
        for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
            if (!used.contains(port) && !refused.contains(port)) {
                free.add(port);
            }
        }
        if (free.isEmpty()) {
            throw new IllegalArgumentException("node " + node + ": no free listen port left in " + FIRST_PORT + "-" + LAST_PORT
                    + " (use --node-ports to let the node choose)");
        }
        return free.get(random.nextInt(free.size()));
    }

    /**
     * The port a node refused as taken in its error message (the ports service's wording:
     * "wireguard listen port N is already in use" / "... is reserved"), if that was the reason.
     */
    public static Optional<Integer> refusedPort(String message) {
        Matcher m = PORT_REFUSAL.matcher(message == null ? "" : message);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** What others dial: the IPv4 endpoint, else the IPv6 one, else {@code ""} (hidden). */
    public static String endpoint(String endpointIpv4, String endpointIpv6) {
        if (endpointIpv4 != null && !endpointIpv4.isEmpty()) {
            return endpointIpv4;
        }
        return endpointIpv6 == null ? "" : endpointIpv6;
    }

    /** The public node hidden ones reach each other through: the first public member, if any. */
    public static Optional<MeshMember> relay(List<MeshMember> members) {
        return members.stream().filter(MeshMember::isPublic).findFirst();
    }

    /** A /24 and its WireGuard address: what a peer entry routes to its owner. */
    static List<Cidr> prefixesOf(Cidr subnet) {
        return List.of(subnet, MeshAddressing.wireguardHost(subnet));
    }

    /** Every member's peer list, in member order. */
    public static Map<KeyId, List<Peer>> peers(List<MeshMember> members, List<AccessPeer> access) {
        Optional<MeshMember> relay = relay(members);
        Map<KeyId, List<Peer>> all = new LinkedHashMap<>();
        for (MeshMember self : members) {
            List<Peer> peers = new ArrayList<>();
            for (MeshMember other : members) {
                if (other.node().equals(self.node())) {
                    continue;
                }
                boolean bothHidden = !self.isPublic() && !other.isPublic();
                if (bothHidden && relay.isPresent()) {
                    continue; // reached through the relay's entry below
                }
                List<Cidr> allowed = new ArrayList<>(prefixesOf(other.subnet()));
                if (!self.isPublic() && relay.isPresent() && relay.get().node().equals(other.node())) {
                    for (MeshMember hidden : members) {
                        if (!hidden.isPublic() && !hidden.node().equals(self.node())) {
                            allowed.addAll(prefixesOf(hidden.subnet()));
                        }
                    }
                }
                for (AccessPeer laptop : access) {
                    if (laptop.via().equals(other.node())) {
                        allowed.addAll(prefixesOf(laptop.subnet()));
                    }
                }
                peers.add(new Peer(other.subnet(), other.publicKey(), allowed, other.endpoint()));
            }
            for (AccessPeer laptop : access) {
                if (laptop.via().equals(self.node())) {
                    peers.add(new Peer(laptop.subnet(), laptop.publicKey(), prefixesOf(laptop.subnet()), ""));
                }
            }
            all.put(self.node(), List.copyOf(peers));
        }
        return all;
    }

    /** The public member an access peer goes through: {@code via} if given (must be public), else the first public one. */
    public static MeshMember accessNode(List<MeshMember> members, KeyId via) {
        if (via != null) {
            MeshMember chosen = members.stream().filter(m -> m.node().equals(via)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("node " + via + " is not part of this network"));
            if (!chosen.isPublic()) {
                throw new IllegalArgumentException("node " + via + " is hidden (it reported no endpoint): an access peer "
                        + "needs a public node to dial");
            }
            return chosen;
        }
        return relay(members).orElseThrow(() -> new IllegalArgumentException(
                "no node of this network is public (none reported an endpoint): nothing for a laptop to dial"));
    }

    /**
     * The laptop's wg-quick configuration: its addresses ({@code <subnet>.1/24} and its WireGuard
     * address), the node it dials, and the network's range plus the WireGuard range routed there.
     */
    public static String wgQuick(String privateKeyBase64, AccessPeer laptop, MeshMember via, Cidr range) {
        return "[Interface]\n"
                + "PrivateKey = " + privateKeyBase64 + "\n"
                + "Address = " + new Cidr(laptop.subnet().host(1), SUBNET_PREFIX) + ", "
                + MeshAddressing.wireguardHost(laptop.subnet()) + "\n"
                + "\n"
                + "[Peer]\n"
                + "PublicKey = " + via.publicKey() + "\n"
                + "Endpoint = " + via.endpoint() + "\n"
                + "AllowedIPs = " + range + ", " + MeshAddressing.WIREGUARD_RANGE + "\n"
                + "PersistentKeepalive = " + ACCESS_KEEPALIVE + "\n";
    }
}
