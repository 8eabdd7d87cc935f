package zos.networkd.boot.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import zos.networkd.api.boot.NodeParameters;
import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.Names;

/**
 * The node's boot parameters from the kernel command line, then from configuration: a value on the
 * command line wins. Only {@code zos.*} words are ours ({@code farmer_id} is accepted as the
 * original zos spelled it); an unknown {@code zos.*} word or a malformed value is reported by name
 * and ignored, never fatal.
 */
final class BootParameters {
    static final String FARM = "zos.farm";
    static final String REGISTRY = "zos.registry";
    static final String RUN_MODE = "zos.runmode";
    static final String NIC = "zos.nic";
    static final String VLAN = "zos.vlan";
    static final String IP = "zos.ip";
    static final String GATEWAY = "zos.gw";
    private static final Set<String> KNOWN = Set.of(FARM, REGISTRY, RUN_MODE, NIC, VLAN, IP, GATEWAY);
    private static final Set<String> RUN_MODES = Set.of("dev", "test", "prod");

    private BootParameters() {
    }

    /** The {@code zos.*} words of a kernel command line, in order; quotes as the kernel handles them. */
    static Map<String, String> parseCommandLine(String commandLine, List<String> problems) {
        Map<String, String> words = new LinkedHashMap<>();
        for (String word : splitKernelWords(commandLine == null ? "" : commandLine)) {
            int eq = word.indexOf('=');
            String key = eq < 0 ? word : word.substring(0, eq);
            String value = eq < 0 ? "" : word.substring(eq + 1);
            if (key.equals("farmer_id")) {
                key = FARM;
            }
            if (!key.startsWith("zos.")) {
                continue; // the kernel's and other programs' words
            }
            if (!KNOWN.contains(key)) {
                problems.add("unknown parameter " + key + " on the kernel command line (known: " + String.join(", ",
                        KNOWN.stream().sorted().toList()) + ")");
                continue;
            }
            words.put(key, value);
        }
        return words;
    }

    /** Splits on spaces outside double quotes and drops the quotes, as the kernel's parse_args does. */
    static List<String> splitKernelWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (current.length() > 0) {
                    words.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            words.add(current.toString());
        }
        return words;
    }

    /**
     * Merges command line and configuration (both {@code zos.*} keys; blank configuration values
     * count as absent) into validated parameters.
     */
    static NodeParameters resolve(String commandLine, Map<String, String> configured) {
        List<String> problems = new ArrayList<>();
        Map<String, String> fromCommandLine = parseCommandLine(commandLine, problems);
        Value value = (key) -> {
            if (fromCommandLine.containsKey(key)) {
                return new Source(fromCommandLine.get(key), "kernel command line");
            }
            String v = configured.get(key);
            return v == null || v.isBlank() ? null : new Source(v.trim(), "configuration");
        };

        String farm = text(value.of(FARM), FARM, problems, "[A-Za-z0-9_-]{1,64}", "a farm id (letters, digits, '_', '-')");
        URI registry = registry(value.of(REGISTRY), problems);
        String runMode = text(value.of(RUN_MODE), RUN_MODE, problems, "dev|test|prod", "one of " + RUN_MODES);
        String nic = null;
        Source nicValue = value.of(NIC);
        if (nicValue != null) {
            try {
                nic = Names.checkInterfaceName(nicValue.text());
            } catch (IllegalArgumentException e) {
                problems.add(NIC + "=" + nicValue.text() + " (" + nicValue.where() + "): " + e.getMessage());
            }
        }
        int vlan = 0;
        Source vlanValue = value.of(VLAN);
        if (vlanValue != null) {
            try {
                vlan = Integer.parseInt(vlanValue.text());
                if (vlan < 1 || vlan > 4094) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                vlan = 0;
                problems.add(VLAN + "=" + vlanValue.text() + " (" + vlanValue.where() + "): not a VLAN id (1..4094)");
            }
        }
        Cidr address = null;
        InetAddress gateway = null;
        Source ipValue = value.of(IP);
        Source gwValue = value.of(GATEWAY);
        if (ipValue != null) {
            try {
                address = Cidr.parse(ipValue.text());
                if (address.family() != AddressFamily.IPV4 || address.prefixLength() == 32 && !ipValue.text().contains("/")) {
                    throw new IllegalArgumentException("an IPv4 address with its prefix length, e.g. 192.0.2.10/24");
                }
            } catch (IllegalArgumentException e) {
                address = null;
                problems.add(IP + "=" + ipValue.text() + " (" + ipValue.where() + "): " + e.getMessage());
            }
        }
        if (gwValue != null) {
            try {
                gateway = IpAddresses.parse(gwValue.text());
                if (address != null && !address.contains(gateway)) {
                    throw new IllegalArgumentException("not inside " + address.network());
                }
            } catch (IllegalArgumentException e) {
                gateway = null;
                problems.add(GATEWAY + "=" + gwValue.text() + " (" + gwValue.where() + "): " + e.getMessage());
            }
        }
        if (address != null && gateway == null) {
            problems.add(IP + " without a valid " + GATEWAY + ": static configuration ignored, using DHCP");
            address = null;
        } else if (address == null && gateway != null) {
            problems.add(GATEWAY + " without a valid " + IP + ": ignored");
            gateway = null;
        }
        return new NodeParameters(farm, registry, runMode == null ? "prod" : runMode, nic, vlan, address, gateway,
                problems);
    }

    private record Source(String text, String where) {
    }

    @FunctionalInterface
    private interface Value {
        Source of(String key);
    }

    private static String text(Source source, String key, List<String> problems, String pattern, String expected) {
        if (source == null) {
            return null;
        }
        if (!source.text().matches(pattern)) {
            problems.add(key + "=" + source.text() + " (" + source.where() + "): expected " + expected);
            return null;
        }
        return source.text();
    }

    private static URI registry(Source source, List<String> problems) {
        if (source == null) {
            return null;
        }
        try {
            URI uri = new URI(source.text());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(source.text(), "expected http(s)://host[:port]/...");
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(REGISTRY + "=" + source.text() + " (" + source.where() + "): not a registry URL ("
                    + e.getReason() + ")");
            return null;
        }
    }

    /** The registry's TCP port: the URL's, else the scheme's default. */
    static int registryPort(URI registry) {
        if (registry.getPort() > 0) {
            return registry.getPort();
        }
        return "https".equals(registry.getScheme()) ? 443 : 80;
    }
}
