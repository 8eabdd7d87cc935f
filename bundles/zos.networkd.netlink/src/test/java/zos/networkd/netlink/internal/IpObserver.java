package zos.networkd.netlink.internal;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import zos.networkd.testlab.Lab;

/** What {@code ip -j} (the independent observer) says about a namespace. */
final class IpObserver {
    private final Lab lab;

    IpObserver(Lab lab) {
        this.lab = lab;
    }

    JsonObject link(String ns, String name) {
        JsonArray links = lab.ipJson(ns, "-d", "link", "show", "dev", name);
        return links.get(0).getAsJsonObject();
    }

    boolean hasLink(String ns, String name) {
        for (JsonElement e : lab.ipJson(ns, "link", "show")) {
            if (e.getAsJsonObject().get("ifname").getAsString().equals(name)) {
                return true;
            }
        }
        return false;
    }

    List<String> linkNames(String ns) {
        List<String> names = new ArrayList<>();
        for (JsonElement e : lab.ipJson(ns, "link", "show")) {
            names.add(e.getAsJsonObject().get("ifname").getAsString());
        }
        return names;
    }

    static List<String> flags(JsonObject link) {
        List<String> flags = new ArrayList<>();
        link.getAsJsonArray("flags").forEach(f -> flags.add(f.getAsString()));
        return flags;
    }

    /** Addresses of a link as "cidr" strings. */
    List<String> addresses(String ns, String link) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : lab.ipJson(ns, "addr", "show", "dev", link)) {
            for (JsonElement a : e.getAsJsonObject().getAsJsonArray("addr_info")) {
                JsonObject info = a.getAsJsonObject();
                out.add(info.get("local").getAsString() + "/" + info.get("prefixlen").getAsInt());
            }
        }
        return out;
    }

    JsonObject address(String ns, String link, String local) {
        for (JsonElement e : lab.ipJson(ns, "addr", "show", "dev", link)) {
            for (JsonElement a : e.getAsJsonObject().getAsJsonArray("addr_info")) {
                if (a.getAsJsonObject().get("local").getAsString().equals(local)) {
                    return a.getAsJsonObject();
                }
            }
        }
        return null;
    }

    /** Routes as ip prints them, e.g. {"dst":"default","gateway":"10.0.0.1","dev":"eth0",...}. */
    JsonArray routes(String ns, String... selector) {
        String[] args = new String[selector.length + 2];
        args[0] = "route";
        args[1] = "show";
        System.arraycopy(selector, 0, args, 2, selector.length);
        return lab.ipJson(ns, args);
    }

    JsonArray routes4(String ns, String... selector) {
        return family("-4", ns, selector);
    }

    JsonArray routes6(String ns, String... selector) {
        return family("-6", ns, selector);
    }

    private JsonArray family(String flag, String ns, String... selector) {
        String[] args = new String[selector.length + 3];
        args[0] = flag;
        args[1] = "route";
        args[2] = "show";
        System.arraycopy(selector, 0, args, 3, selector.length);
        return lab.ipJson(ns, args);
    }

    /** Every link's addresses: {@code ip -j -n ns addr show}. */
    JsonArray allAddresses(String ns) {
        return lab.ipJson(ns, "addr", "show");
    }

    String sysctl(String ns, String key) {
        return lab.runIn(ns, "sysctl", "-n", key).trim();
    }
}
