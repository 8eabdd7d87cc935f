package zos.user.tool.network;

import java.util.List;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.crypto.SealedSecret;
import zos.grid.api.model.Peer;
import zos.networkd.api.host.Cidr;

/**
 * The user's record of the network on one node: what was last sent (version, cursor, port, peers)
 * and what the node last answered.
 *
 * @param port the listen port asked for; 0: the node chooses
 * @param sealedKey the user-generated private key sealed to the node (sent again with each version),
 *        null when the node generates its key
 * @param userPublicKey the public key of {@code sealedKey}; {@code ""} when the node generates it
 * @param version the last version sent; the next one is {@code version + 1}
 * @param cursor the registry's cursor of the last workload sent (where its result appears)
 * @param status what the last workload's result said
 * @param message the node's last message (the reason of an error)
 * @param report what the node reported last time it succeeded (null before)
 * @param peers the peers last sent
 */
public record NodeState(KeyId node, Cidr subnet, int port, SealedSecret sealedKey, String userPublicKey, long version,
        long cursor, Status status, String message, NodeReport report, List<Peer> peers) {
    /** Where a node's part stands. */
    public enum Status {
        /** Sent, no result yet. */
        PENDING,
        /** Applied. */
        OK,
        /** Refused or failed: {@code message} says why. */
        ERROR,
        /** A delete is sent, not yet confirmed. */
        DELETING;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public NodeState {
        peers = List.copyOf(peers);
        message = message == null ? "" : message;
    }

    static NodeState planned(KeyId node, Cidr subnet, int port, SealedSecret sealedKey, String userPublicKey) {
        return new NodeState(node, subnet, port, sealedKey, userPublicKey, 0, 0, Status.PENDING, "", null, List.of());
    }

    NodeState sent(long newVersion, long newCursor, int newPort, List<Peer> newPeers, boolean deleting) {
        return new NodeState(node, subnet, newPort, sealedKey, userPublicKey, newVersion, newCursor,
                deleting ? Status.DELETING : Status.PENDING, "", report, newPeers);
    }

    NodeState answered(Status newStatus, String newMessage, NodeReport newReport) {
        return new NodeState(node, subnet, port, sealedKey, userPublicKey, version, cursor, newStatus, newMessage,
                newReport == null ? report : newReport, peers);
    }

    /** The planner's view; only for a node that reported. */
    MeshMember member() {
        if (report == null) {
            throw new IllegalStateException("node " + node + " has not reported yet");
        }
        return new MeshMember(node, subnet, report.publicKey(), report.endpoint());
    }
}
