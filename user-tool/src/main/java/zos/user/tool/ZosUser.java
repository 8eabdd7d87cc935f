package zos.user.tool;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;

import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.FarmRegistration;
import zos.grid.api.model.Node;
import zos.grid.api.model.UserRegistration;

/**
 * {@code zos-user}: the grid user's (and farmer's) command line. Global options come before the
 * command; every command answers {@code --help}.
 */
public final class ZosUser {
    static final String USAGE = """
            usage: zos-user [--registry URL] [--key FILE] <command> [arguments]

            Talks to the grid registry with your own ed25519 key (a file only you can read).

            commands:
              key new                 make your key (refuses to replace one)
              key show                print your public id
              farm create <name>      register a farm you run (you become its farmer); prints its id
              user register <name>    register yourself as a user of the grid
              nodes [--farm ID]       list the nodes the registry knows
              network ...             your networks across nodes: create, add-node, remove-node,
                                      delete, show, access (see: zos-user network --help)

            options:
              --registry URL          the registry (default: $ZOS_REGISTRY)
              --key FILE              your key (default: $ZOS_USER_KEY or ~/.config/zos/user.key)
              --help                  this text; after a command, that command's help
            """;

    private final PrintStream out;
    private final PrintStream err;

    ZosUser(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new ZosUser(System.out, System.err).run(args));
    }

    /** Runs one command; returns the process exit code (0 ok, 1 refused or failed, 2 usage). */
    int run(String[] args) {
        String registry = System.getenv("ZOS_REGISTRY");
        Path key = KeyFile.defaultPath();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--registry" -> {
                    if (++i == args.length) {
                        return usage("--registry needs a URL");
                    }
                    registry = args[i];
                }
                case "--key" -> {
                    if (++i == args.length) {
                        return usage("--key needs a file");
                    }
                    key = Path.of(args[i]);
                }
                default -> rest.add(args[i]);
            }
        }
        if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("help")) {
            out.print(USAGE);
            return rest.isEmpty() ? 2 : 0;
        }
        try {
            return command(rest, registry, key);
        } catch (Registry.Failure e) {
            err.println("zos-user: " + e.getMessage());
            return 1;
        } catch (java.io.IOException | IllegalArgumentException e) {
            err.println("zos-user: " + e.getMessage());
            return 1;
        }
    }

    private int command(List<String> words, String registryUrl, Path keyFile) throws Registry.Failure, java.io.IOException {
        String command = words.get(0) + (words.size() > 1 && !words.get(1).startsWith("-") ? " " + words.get(1) : "");
        boolean help = words.contains("--help");
        switch (command) {
            case "key new" -> {
                if (help) {
                    return help("zos-user key new\n  Makes your ed25519 key in the key file (mode 0600) and prints your public id.\n");
                }
                out.println(KeyFile.create(keyFile).id());
                return 0;
            }
            case "key show" -> {
                if (help) {
                    return help("zos-user key show\n  Prints your public id (never the key).\n");
                }
                out.println(KeyFile.read(keyFile).id());
                return 0;
            }
            case "farm create" -> {
                if (help || words.size() != 3) {
                    return help || words.size() == 3 ? help("zos-user farm create <name>\n  Registers a farm with you as its farmer; prints the farm's id (a node's zos.farm).\n")
                            : usage("farm create needs a name");
                }
                SigningKey farmer = KeyFile.read(keyFile);
                JsonElement farm = registry(registryUrl).signed(farmer, "POST", "farms",
                        GridJson.toJson(new FarmRegistration(words.get(2))));
                out.println(farm.getAsJsonObject().get("id").getAsLong());
                return 0;
            }
            case "user register" -> {
                if (help || words.size() != 3) {
                    return help || words.size() == 3 ? help("zos-user user register <name>\n  Registers you (your key's id) as a user of the grid.\n")
                            : usage("user register needs a name");
                }
                registry(registryUrl).signed(KeyFile.read(keyFile), "POST", "users",
                        GridJson.toJson(new UserRegistration(words.get(2))));
                out.println("registered " + KeyFile.read(keyFile).id() + " as " + words.get(2));
                return 0;
            }
            default -> {
                if (words.get(0).equals("network")) {
                    return new NetworkCommand(out, err).run(words.subList(1, words.size()), registryUrl, keyFile);
                }
                if (words.get(0).equals("nodes")) {
                    if (help) {
                        return help("zos-user nodes [--farm ID]\n  Lists the nodes the registry knows: id, farm, hostname, last seen, NICs.\n");
                    }
                    String path = "nodes";
                    int farm = words.indexOf("--farm");
                    if (farm > 0 && farm + 1 < words.size()) {
                        path += "?farm=" + words.get(farm + 1);
                    }
                    for (JsonElement n : registry(registryUrl).get(path).getAsJsonArray()) {
                        Node node = GridJson.node(n);
                        out.printf("%s  farm %d  %s  last seen %s  NICs %s%n", node.id(), node.farmId(), node.hostname(),
                                node.lastSeen(), node.interfaces().stream().map(i -> i.name()).toList());
                    }
                    return 0;
                }
                return usage("unknown command '" + String.join(" ", words) + "'");
            }
        }
    }

    private Registry registry(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no registry: give --registry URL or set ZOS_REGISTRY");
        }
        return new Registry(URI.create(url));
    }

    private int help(String text) {
        out.print(text);
        return 0;
    }

    private int usage(String problem) {
        err.println("zos-user: " + problem);
        err.print(USAGE);
        return 2;
    }
}
