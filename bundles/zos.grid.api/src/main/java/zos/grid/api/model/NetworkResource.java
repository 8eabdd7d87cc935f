package zos.grid.api.model;

import java.util.List;
import java.util.regex.Pattern;

import zos.grid.api.crypto.SealedSecret;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;

/**
 * A user network's part on one node: the network's name, id and range, this node's subnet, its
 * WireGuard key pair and listen port, the peers, and the version of this definition.
 * {@code netId} is at most 13 characters so that {@code n-<id>}, {@code w-<id>}... fit IFNAMSIZ.
 *
 * @param wgPrivateKey the private key sealed to the node (bound to the net id), or null: the node
 *        generates the key, keeps it, and reports the public key in its result
 * @param wgPublicKey the public key of the sealed private key; empty when the node generates it
 * @param wgListenPort the listen port; 0 lets the node choose one (and keep it)
 * @param version grows with each definition the user signs for this network on this node (1, 2...):
 *        a node never applies a version older than, or equal to, one it applied from another
 *        workload, so an old workload replayed cannot undo a newer one
 */
public record NetworkResource(String name, String netId, Cidr ipRange, Cidr subnet, SealedSecret wgPrivateKey,
        String wgPublicKey, int wgListenPort, List<Peer> peers, long version) {
    public static final int MAX_NET_ID = 13;
    private static final Pattern NET_ID = Pattern.compile("[a-z0-9]{1," + MAX_NET_ID + "}");

    public NetworkResource {
        Check.name("name", name);
        Check.present("net_id", netId);
        if (!NET_ID.matcher(netId).matches()) {
            throw new ValidationException("net_id", "must be 1 to " + MAX_NET_ID + " lower-case letters or digits");
        }
        Check.present("ip_range", ipRange);
        Check.family("ip_range", ipRange, AddressFamily.IPV4);
        Check.present("subnet", subnet);
        Check.family("subnet", subnet, AddressFamily.IPV4);
        if (!ipRange.contains(subnet)) {
            throw new ValidationException("subnet", subnet + " is not inside ip_range " + ipRange);
        }
        Check.present("wg_public_key", wgPublicKey);
        if (wgPrivateKey == null) {
            if (!wgPublicKey.isEmpty()) {
                throw new ValidationException("wg_public_key", "must be empty when the node generates the key (no wg_private_key)");
            }
        } else {
            Check.wireGuardKey("wg_public_key", wgPublicKey);
        }
        if (wgListenPort != 0) {
            Check.port("wg_listen_port", wgListenPort);
        }
        peers = Check.list("peers", peers, 1024);
        Check.positive("version", version);
    }

    /** Whether the node makes the key (the user sent none). */
    public boolean nodeGeneratesKey() {
        return wgPrivateKey == null;
    }
}
