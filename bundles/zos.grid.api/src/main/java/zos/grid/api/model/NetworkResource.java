package zos.grid.api.model;

import java.util.List;
import java.util.regex.Pattern;

import zos.grid.api.crypto.SealedSecret;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;

/**
 * A user network's part on one node: the network's name, id and range, this node's subnet, its
 * WireGuard key pair (the private key sealed to the node) and listen port, and the peers.
 * {@code netId} is at most 13 characters so that {@code n-<id>}, {@code w-<id>}... fit IFNAMSIZ.
 */
public record NetworkResource(String name, String netId, Cidr ipRange, Cidr subnet, SealedSecret wgPrivateKey,
        String wgPublicKey, int wgListenPort, List<Peer> peers) {
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
        Check.present("wg_private_key", wgPrivateKey);
        Check.wireGuardKey("wg_public_key", wgPublicKey);
        Check.port("wg_listen_port", wgListenPort);
        peers = Check.list("peers", peers, 1024);
    }
}
