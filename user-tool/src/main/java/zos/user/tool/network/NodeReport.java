package zos.user.tool.network;

import java.util.Map;

import zos.grid.api.model.ResultData;

/**
 * What a node reported for its network resource (see {@link ResultData}): WireGuard public key,
 * listen port, endpoints per address family ({@code ""} for none) and whether it is public.
 */
public record NodeReport(String publicKey, int listenPort, String endpointIpv4, String endpointIpv6, boolean isPublic) {
    public NodeReport {
        endpointIpv4 = endpointIpv4 == null ? "" : endpointIpv4;
        endpointIpv6 = endpointIpv6 == null ? "" : endpointIpv6;
    }

    /** From a result's data; the message names what is missing or malformed. */
    public static NodeReport of(Map<String, String> data) {
        String key = data.get(ResultData.WG_PUBLIC_KEY);
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("its result has no " + ResultData.WG_PUBLIC_KEY);
        }
        String port = data.get(ResultData.WG_LISTEN_PORT);
        int listenPort;
        try {
            listenPort = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("its result's " + ResultData.WG_LISTEN_PORT + " is '" + port + "', not a port");
        }
        return new NodeReport(key, listenPort, data.get(ResultData.ENDPOINT_IPV4), data.get(ResultData.ENDPOINT_IPV6),
                "true".equals(data.get(ResultData.PUBLIC)));
    }

    /** What other nodes dial: IPv4, else IPv6, else {@code ""}. */
    public String endpoint() {
        return NetworkPlanner.endpoint(endpointIpv4, endpointIpv6);
    }
}
