package zos.user.tool.network;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a wg-quick configuration the way wg-quick does: sections, {@code Key = Value} lines. */
record WgQuick(Map<String, String> interfaceSection, Map<String, String> peerSection) {
    static WgQuick parse(String text) {
        Map<String, String> iface = new LinkedHashMap<>();
        Map<String, String> peer = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("[Interface]")) {
                current = iface;
            } else if (line.equals("[Peer]")) {
                if (!peer.isEmpty()) {
                    throw new IllegalArgumentException("more than one [Peer]");
                }
                current = peer;
            } else {
                int eq = line.indexOf('=');
                if (current == null || eq < 0) {
                    throw new IllegalArgumentException("not a wg-quick line: " + line);
                }
                if (current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip()) != null) {
                    throw new IllegalArgumentException("twice: " + line);
                }
            }
        }
        return new WgQuick(iface, peer);
    }

    String interfaceValue(String key) {
        return interfaceSection.get(key);
    }

    String peerValue(String key) {
        return peerSection.get(key);
    }
}
