package zos.networkd.api.wireguard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import zos.networkd.api.host.Cidr;

/**
 * A peer as the running device reports it (the same from both backends).
 *
 * @param publicKey the peer's public key
 * @param hasPresharedKey whether a preshared key is set (the key itself is never reported)
 * @param endpoint the endpoint in use (configured, or learnt from the peer's last packet), null when none
 * @param allowedIps its allowed IPs
 * @param persistentKeepalive seconds between keepalives, 0 for none
 * @param lastHandshake time of the last completed handshake, null when there was none
 * @param rxBytes bytes received from it
 * @param txBytes bytes sent to it
 */
public record PeerState(PublicKey publicKey, boolean hasPresharedKey, Endpoint endpoint, List<Cidr> allowedIps,
        int persistentKeepalive, Instant lastHandshake, long rxBytes, long txBytes) {

    public PeerState {
        allowedIps = List.copyOf(allowedIps);
    }

    /** How long ago the last handshake was, empty when there was none. */
    public Optional<Duration> handshakeAge(Instant now) {
        return lastHandshake == null ? Optional.empty() : Optional.of(Duration.between(lastHandshake, now));
    }
}
