package zos.networkd.api.mesh;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.PublicKey;

/**
 * One user network's part on this node, as declared: what {@link NetworkResourceManager#apply}
 * brings the node to. Validated on construction (what needs no knowledge of the node); the
 * manager checks the rest (ports, the node's own networks) before it changes anything.
 *
 * @param networkId the network's id, also the resource's id on this node: 1-64 letters, digits,
 *        '_', '.', '-', starting with a letter or digit
 * @param name a name for people, up to {@link #MAX_NAME} characters, may be empty
 * @param ipRange the whole network's IPv4 range, /8 to /24
 * @param subnet this node's /24 in it
 * @param listenPort WireGuard listen port; 0 lets the node choose (and keep) one
 * @param sealedPrivateKey the WireGuard private key sealed to this node's identity (opened through
 *        a {@link SealedKeys} service), or null: the node generates the key and keeps it, and only
 *        the public key ever leaves it
 * @param peers the network's other resources (and clients), each public key once
 */
public record NetworkResource(String networkId, String name, Cidr ipRange, Cidr subnet, int listenPort,
        String sealedPrivateKey, List<MeshPeer> peers) {
    public static final int MAX_NAME = 64;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public NetworkResource {
        if (networkId == null || !ID.matcher(networkId).matches()) {
            throw new IllegalArgumentException("network resource '" + networkId
                    + "': the network id must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        String what = "network resource '" + networkId + "'";
        name = name == null ? "" : name;
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException(what + ": name is " + name.length() + " characters, at most " + MAX_NAME);
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(what + ": name holds control characters");
        }
        if (ipRange == null || subnet == null) {
            throw new IllegalArgumentException(what + ": ipRange and subnet are required");
        }
        if (ipRange.family() != AddressFamily.IPV4 || ipRange.prefixLength() < 8 || ipRange.prefixLength() > 24) {
            throw new IllegalArgumentException(what + ": ipRange " + ipRange + " is not an IPv4 range of /8 to /24");
        }
        if (!ipRange.equals(ipRange.network())) {
            throw new IllegalArgumentException(what + ": ipRange " + ipRange + " has host bits set (the range is "
                    + ipRange.network() + ")");
        }
        if (subnet.family() != AddressFamily.IPV4 || subnet.prefixLength() != 24) {
            throw new IllegalArgumentException(what + ": subnet " + subnet + " is not an IPv4 /24");
        }
        if (!subnet.equals(subnet.network())) {
            throw new IllegalArgumentException(what + ": subnet " + subnet + " has host bits set (the /24 is "
                    + subnet.network() + ")");
        }
        if (!ipRange.contains(subnet)) {
            throw new IllegalArgumentException(what + ": subnet " + subnet + " is outside the network's range " + ipRange);
        }
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException(what + ": listen port " + listenPort + " out of 0..65535 (0: the node chooses)");
        }
        if (sealedPrivateKey != null && sealedPrivateKey.isBlank()) {
            sealedPrivateKey = null;
        }
        peers = peers == null ? List.of() : List.copyOf(peers);
        checkPeers(networkId, subnet, peers);
    }

    private static void checkPeers(String networkId, Cidr subnet, List<MeshPeer> peers) {
        String what = "network resource '" + networkId + "'";
        Set<PublicKey> keys = new HashSet<>();
        List<Cidr> own = List.of(subnet, MeshAddressing.ula(networkId, subnet), MeshAddressing.wireguardHost(subnet));
        List<Claim> claims = new ArrayList<>();
        for (MeshPeer peer : peers) {
            if (peer == null) {
                throw new IllegalArgumentException(what + ": null peer");
            }
            if (!keys.add(peer.publicKey())) {
                throw new IllegalArgumentException(what + ": peer " + peer.publicKey() + " is listed twice");
            }
            for (Cidr prefix : peer.routedPrefixes(networkId)) {
                for (Cidr mine : own) {
                    if (prefix.overlaps(mine)) {
                        throw new IllegalArgumentException(what + ": peer " + peer.publicKey() + " would be routed "
                                + prefix + ", which covers this node's own " + mine);
                    }
                }
                claims.add(Claim.of(prefix, peer.publicKey()));
            }
        }
        // sorted by first address (wider first), two prefixes overlap when one starts before the
        // widest so far ends: n log n, where comparing every pair would take seconds for many peers
        claims.sort(null);
        Claim widest = null;
        for (Claim c : claims) {
            if (widest != null && widest.family == c.family && c.first.compareTo(widest.last) <= 0
                    && !widest.owner.equals(c.owner)) {
                throw new IllegalArgumentException(what + ": peers " + widest.owner + " and " + c.owner + " both claim "
                        + (widest.prefix.contains(c.prefix) ? c.prefix : widest.prefix));
            }
            if (widest == null || widest.family != c.family || c.last.compareTo(widest.last) > 0) {
                widest = c;
            }
        }
    }

    /** A prefix a peer claims, as the range of addresses it covers. */
    private record Claim(int family, BigInteger first, BigInteger last, Cidr prefix, PublicKey owner)
            implements Comparable<Claim> {
        static Claim of(Cidr prefix, PublicKey owner) {
            byte[] bytes = prefix.network().address().getAddress();
            BigInteger first = new BigInteger(1, bytes);
            int hostBits = bytes.length * 8 - prefix.prefixLength();
            BigInteger last = first.add(BigInteger.ONE.shiftLeft(hostBits).subtract(BigInteger.ONE));
            return new Claim(bytes.length, first, last, prefix, owner);
        }

        @Override
        public int compareTo(Claim o) {
            int c = Integer.compare(family, o.family);
            if (c == 0) {
                c = first.compareTo(o.first);
            }
            return c != 0 ? c : o.last.compareTo(last);
        }
    }

    /** This resource with other peers. */
    public NetworkResource withPeers(List<MeshPeer> newPeers) {
        return new NetworkResource(networkId, name, ipRange, subnet, listenPort, sealedPrivateKey, newPeers);
    }

    public NetworkResource withListenPort(int port) {
        return new NetworkResource(networkId, name, ipRange, subnet, port, sealedPrivateKey, peers);
    }

    /** Never shows the sealed key (it is ciphertext, but it is nobody's business). */
    @Override
    public String toString() {
        return "NetworkResource[" + networkId + (name.isEmpty() ? "" : " '" + name + "'") + ", range " + ipRange
                + ", subnet " + subnet + ", port " + (listenPort == 0 ? "any" : listenPort) + ", " + peers.size()
                + " peer(s)" + (sealedPrivateKey == null ? "" : ", sealed key") + "]";
    }
}
