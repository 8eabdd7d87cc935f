package zos.networkd.testlab;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the network namespace the JVM runs in (normally the machine's initial one) looks like, read
 * only: links, addresses, routes and rules of all tables, the nft ruleset, forwarding-related
 * sysctls and the named network namespaces. Counters, lifetimes and operstate are left out, they
 * change on their own. Each entry is one readable line so that {@link #diff} can list what differs.
 *
 * @param links       {@code <name> type=… kind=… mac=… mtu=… up|down master=…}
 * @param addresses   {@code <ifname> <family> <cidr> scope <scope>}
 * @param routes      canonical JSON of each IPv4 and IPv6 route of every table
 * @param rules       canonical JSON of each IPv4 and IPv6 policy rule
 * @param nftRuleset  canonical JSON of each ruleset element, or a single "nft not installed"
 * @param sysctls     forwarding, rp_filter, accept_ra, conntrack UDP timeouts …
 * @param namespaces  names of named network namespaces
 */
public record HostSnapshot(
        List<String> links,
        List<String> addresses,
        List<String> routes,
        List<String> rules,
        List<String> nftRuleset,
        SortedMap<String, String> sysctls,
        List<String> namespaces) {

    static final String NFT_NOT_INSTALLED = "nft not installed";
    /** Fields that change without anyone changing the configuration. */
    private static final Set<String> VOLATILE_FIELDS = Set.of("expires", "handle", "packets", "bytes");
    private static final Path PROC_NET = Path.of("/proc/sys/net");
    private static final List<String> IPV4_CONF_KEYS = List.of("forwarding", "rp_filter", "proxy_arp", "route_localnet");
    private static final List<String> IPV6_CONF_KEYS = List.of("forwarding", "disable_ipv6", "accept_ra");
    private static final List<String> GLOBAL_SYSCTLS = List.of("ipv4/ip_forward", "ipv4/ip_local_port_range",
            "ipv4/ping_group_range", "netfilter/nf_conntrack_udp_timeout", "netfilter/nf_conntrack_udp_timeout_stream");

    public HostSnapshot {
        links = sorted(links);
        addresses = sorted(addresses);
        routes = sorted(routes);
        rules = sorted(rules);
        nftRuleset = sorted(nftRuleset);
        sysctls = Collections.unmodifiableSortedMap(new TreeMap<>(sysctls));
        namespaces = sorted(namespaces);
    }

    /** Reads the current state; changes nothing. */
    public static HostSnapshot take() {
        return new HostSnapshot(
                readLinks(ip("-d", "link", "show")),
                readAddresses(ip("addr", "show")),
                canonical(concat(ip("-4", "route", "show", "table", "all"), ip("-6", "route", "show", "table", "all"))),
                canonical(concat(ip("-4", "rule", "show"), ip("-6", "rule", "show"))),
                readNftRuleset(),
                readSysctls(),
                Lab.existingNamespaces());
    }

    /**
     * What changed from {@code before} to this snapshot, one line per difference
     * ({@code "links: - …"} gone, {@code "links: + …"} new); empty when nothing did.
     */
    public List<String> diff(HostSnapshot before) {
        List<String> differences = new ArrayList<>();
        compare("links", before.links, links, differences);
        compare("addresses", before.addresses, addresses, differences);
        compare("routes", before.routes, routes, differences);
        compare("rules", before.rules, rules, differences);
        compare("nft", before.nftRuleset, nftRuleset, differences);
        // keys that come and go with a link or a module are covered by links; values of the rest count
        before.sysctls.forEach((key, old) -> {
            String now = sysctls.get(key);
            if (now != null && !now.equals(old)) {
                differences.add("sysctls: " + key + " " + old + " -> " + now);
            }
        });
        compare("namespaces", before.namespaces, namespaces, differences);
        return differences;
    }

    /** @throws AssertionError listing every difference from {@code before}, if there is any */
    public void assertUnchanged(HostSnapshot before) {
        List<String> differences = diff(before);
        if (!differences.isEmpty()) {
            throw new AssertionError("the host's network changed:\n  " + String.join("\n  ", differences));
        }
    }

    /**
     * This snapshot without the namespaces of other labs ({@code zlab-…} not under {@code ownPrefix}),
     * which tests running at the same time create and remove on their own.
     */
    public HostSnapshot ignoringOtherLabs(String ownPrefix) {
        List<String> kept = namespaces.stream()
                .filter(ns -> !ns.startsWith(Lab.NAME_PREFIX) || Lab.belongsTo(ns, ownPrefix))
                .toList();
        return new HostSnapshot(links, addresses, routes, rules, nftRuleset, sysctls, kept);
    }

    private static void compare(String what, List<String> before, List<String> after, List<String> out) {
        List<String> gone = new ArrayList<>(before);
        List<String> added = new ArrayList<>();
        for (String entry : after) {
            if (!gone.remove(entry)) {
                added.add(entry);
            }
        }
        gone.forEach(entry -> out.add(what + ": - " + entry));
        added.forEach(entry -> out.add(what + ": + " + entry));
    }

    private static List<String> readLinks(JsonArray links) {
        List<String> lines = new ArrayList<>();
        for (JsonElement element : links) {
            JsonObject link = element.getAsJsonObject();
            JsonObject info = link.has("linkinfo") ? link.getAsJsonObject("linkinfo") : new JsonObject();
            boolean up = link.has("flags") && link.getAsJsonArray("flags").contains(new JsonPrimitive("UP"));
            lines.add(text(link, "ifname")
                    + " type=" + text(link, "link_type")
                    + " kind=" + text(info, "info_kind")
                    + " mac=" + text(link, "address")
                    + " mtu=" + text(link, "mtu")
                    + (up ? " up" : " down")
                    + " master=" + text(link, "master"));
        }
        return lines;
    }

    private static List<String> readAddresses(JsonArray links) {
        List<String> lines = new ArrayList<>();
        for (JsonElement element : links) {
            JsonObject link = element.getAsJsonObject();
            if (!link.has("addr_info")) {
                continue;
            }
            for (JsonElement a : link.getAsJsonArray("addr_info")) {
                JsonObject address = a.getAsJsonObject();
                if (address.has("temporary")) {
                    continue; // IPv6 privacy addresses rotate by themselves
                }
                lines.add(text(link, "ifname") + " " + text(address, "family") + " " + text(address, "local")
                        + "/" + text(address, "prefixlen") + " scope " + text(address, "scope"));
            }
        }
        return lines;
    }

    private static List<String> readNftRuleset() {
        Optional<Path> nft = findProgram("nft");
        if (nft.isEmpty()) {
            return List.of(NFT_NOT_INSTALLED);
        }
        JsonObject ruleset = JsonParser.parseString(Commands.run(List.of(nft.get().toString(), "-j", "list", "ruleset")))
                .getAsJsonObject();
        JsonArray elements = new JsonArray();
        for (JsonElement element : ruleset.getAsJsonArray("nftables")) {
            if (!element.getAsJsonObject().has("metainfo")) {
                elements.add(element);
            }
        }
        return canonical(elements);
    }

    private static SortedMap<String, String> readSysctls() {
        SortedMap<String, String> values = new TreeMap<>();
        GLOBAL_SYSCTLS.forEach(key -> readSysctl(PROC_NET.resolve(key), values));
        readConfSysctls("ipv4", IPV4_CONF_KEYS, values);
        readConfSysctls("ipv6", IPV6_CONF_KEYS, values);
        return values;
    }

    private static void readConfSysctls(String family, List<String> keys, Map<String, String> values) {
        Path conf = PROC_NET.resolve(family).resolve("conf");
        if (!Files.isDirectory(conf)) {
            return;
        }
        try (Stream<Path> interfaces = Files.list(conf)) {
            interfaces.forEach(dir -> keys.forEach(key -> readSysctl(dir.resolve(key), values)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readSysctl(Path file, Map<String, String> values) {
        try {
            String key = "net." + PROC_NET.relativize(file).toString().replace('/', '.');
            // one read from offset 0: integer sysctls answer nothing at an offset, and Files.readString
            // probes with one byte first (a value of several digits would be cut to its first). Not
            // ProcFiles.readSysctl: the host check stays independent of the code it checks.
            try (java.io.InputStream in = Files.newInputStream(file)) {
                values.put(key, new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8).strip()
                        .replaceAll("\\s+", " "));
            }
        } catch (IOException absent) {
            // a key of a module that is not loaded, or of a link that just went away
        }
    }

    private static JsonArray ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-j"));
        argv.addAll(List.of(args));
        String output = Commands.run(argv);
        return output.isBlank() ? new JsonArray() : JsonParser.parseString(output).getAsJsonArray();
    }

    private static JsonArray concat(JsonArray first, JsonArray second) {
        JsonArray all = new JsonArray();
        all.addAll(first);
        all.addAll(second);
        return all;
    }

    private static List<String> canonical(JsonArray elements) {
        List<String> lines = new ArrayList<>();
        elements.forEach(element -> lines.add(canonical(element).toString()));
        return lines;
    }

    /** Keys sorted, volatile fields dropped, at every depth. */
    private static JsonElement canonical(JsonElement element) {
        if (element.isJsonObject()) {
            JsonObject sorted = new JsonObject();
            new TreeMap<>(element.getAsJsonObject().asMap()).forEach((key, value) -> {
                if (!VOLATILE_FIELDS.contains(key)) {
                    sorted.add(key, canonical(value));
                }
            });
            return sorted;
        }
        if (element.isJsonArray()) {
            JsonArray copy = new JsonArray();
            element.getAsJsonArray().forEach(item -> copy.add(canonical(item)));
            return copy;
        }
        return element;
    }

    private static String text(JsonObject object, String field) {
        return object.has(field) ? object.get(field).getAsString() : "-";
    }

    private static Optional<Path> findProgram(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static List<String> sorted(List<String> entries) {
        return entries.stream().sorted().toList();
    }
}
