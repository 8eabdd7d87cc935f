package zos.user.tool.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import zos.grid.api.crypto.KeyId;
import zos.networkd.api.host.Cidr;

/**
 * The user's record of one network: its name, id and range, whose it is, how keys and ports are
 * chosen, its nodes in order, and its access peers. Holds no private key.
 */
public record NetworkState(String name, String netId, Cidr range, KeyId user, boolean userKeys, boolean nodePorts,
        List<NodeState> nodes, List<AccessPeer> access) {
    public NetworkState {
        nodes = List.copyOf(nodes);
        access = List.copyOf(access);
    }

    public Optional<NodeState> node(KeyId id) {
        return nodes.stream().filter(n -> n.node().equals(id)).findFirst();
    }

    /** The same network with {@code changed} in place of the node of the same id (added at the end if new). */
    NetworkState with(NodeState changed) {
        List<NodeState> copy = new ArrayList<>(nodes);
        int at = indexOf(changed.node());
        if (at < 0) {
            copy.add(changed);
        } else {
            copy.set(at, changed);
        }
        return new NetworkState(name, netId, range, user, userKeys, nodePorts, copy, access);
    }

    NetworkState without(KeyId node) {
        return new NetworkState(name, netId, range, user, userKeys, nodePorts,
                nodes.stream().filter(n -> !n.node().equals(node)).toList(), access);
    }

    NetworkState withAccess(AccessPeer peer) {
        List<AccessPeer> copy = new ArrayList<>(access);
        copy.add(peer);
        return new NetworkState(name, netId, range, user, userKeys, nodePorts, nodes, copy);
    }

    private int indexOf(KeyId node) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).node().equals(node)) {
                return i;
            }
        }
        return -1;
    }

    /** Every /24 in use: the nodes' and the access peers'. */
    List<Cidr> takenSubnets() {
        List<Cidr> taken = new ArrayList<>();
        nodes.forEach(n -> taken.add(n.subnet()));
        access.forEach(a -> taken.add(a.subnet()));
        return taken;
    }

    /** The planner's view of the nodes that reported. */
    List<MeshMember> members() {
        return nodes.stream().filter(n -> n.report() != null).map(NodeState::member).toList();
    }
}
