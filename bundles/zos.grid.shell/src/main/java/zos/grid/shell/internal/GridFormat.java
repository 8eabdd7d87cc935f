package zos.grid.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import zos.grid.api.model.Interface;
import zos.grid.api.model.PublicConfig;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;

/** How the grid commands show values. */
final class GridFormat {
    static final String REGISTRY_ABSENT = "Grid registry not available: component zos.grid.registry is not active "
            + "(is its DataSource configured? see scr:info zos.grid.registry)";

    private GridFormat() {
    }

    static String ago(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).toSeconds());
        if (seconds < 120) {
            return seconds + " s ago";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min ago";
        }
        return seconds / 3600 + " h ago";
    }

    static String addresses(Interface nic) {
        return nic.addresses().isEmpty() ? "-" : nic.addresses().stream().map(Cidr::toString).collect(Collectors.joining(" "));
    }

    static String gateways(Interface nic) {
        return nic.gateways().isEmpty() ? "-" : nic.gateways().stream().map(IpAddresses::format).collect(Collectors.joining(" "));
    }

    static String ports(List<Integer> ports) {
        return ports.isEmpty() ? "-" : ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static String publicConfig(PublicConfig config) {
        if (config == null) {
            return "-";
        }
        StringBuilder text = new StringBuilder("v" + config.version() + " " + config.type() + " on " + config.master());
        if (config.ipv4() != null) {
            text.append(' ').append(config.ipv4()).append(config.gateway4() == null ? "" : " gw " + IpAddresses.format(config.gateway4()));
        }
        if (config.ipv6() != null) {
            text.append(' ').append(config.ipv6()).append(config.gateway6() == null ? "" : " gw " + IpAddresses.format(config.gateway6()));
        }
        return text.toString();
    }
}
