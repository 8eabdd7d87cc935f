package zos.grid.api.model;

import java.util.List;
import java.util.regex.Pattern;

import zos.networkd.api.host.Cidr;

/**
 * Another node's part of the same network, as WireGuard peer: its subnet, WireGuard public key, the
 * prefixes routed to it and its endpoint ({@code host:port} or {@code [v6]:port}; empty when it has
 * none reachable, e.g. a hidden node).
 */
public record Peer(Cidr subnet, String wgPublicKey, List<Cidr> allowedIps, String endpoint) {
    private static final Pattern ENDPOINT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[0-9.]+|[A-Za-z0-9.-]+):(\\d{1,5})");

    public Peer {
        Check.present("subnet", subnet);
        Check.wireGuardKey("wg_public_key", wgPublicKey);
        allowedIps = Check.list("allowed_ips", allowedIps, 1024);
        Check.present("endpoint", endpoint);
        if (!endpoint.isEmpty()) {
            var matcher = ENDPOINT.matcher(endpoint);
            if (!matcher.matches()) {
                throw new ValidationException("endpoint", "must be host:port or [IPv6]:port, or empty for none");
            }
            Check.port("endpoint", Integer.parseInt(matcher.group(2)));
        }
    }
}
