package zos.networkd.wireguard.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import zos.networkd.testlab.Lab;

/** The independent observer: {@code wg show <name> dump} run in the interface's namespace. */
final class WgShow {
    /** One peer line of the dump. */
    record Peer(String publicKey, String presharedKey, String endpoint, List<String> allowedIps, long latestHandshake,
            long rx, long tx, String keepalive) {
    }

    /** The interface line and the peers, by public key. */
    record Dump(String publicKey, int listenPort, String fwmark, Map<String, Peer> peers) {
    }

    private WgShow() {
    }

    static Dump dump(Lab lab, String namespace, String name) {
        String out = lab.runIn(namespace, "wg", "show", name, "dump");
        String[] lines = out.strip().split("\n");
        String[] device = lines[0].split("\t");
        Map<String, Peer> peers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            List<String> allowed = f[3].equals("(none)") ? List.of() : List.of(f[3].split(","));
            peers.put(f[0], new Peer(f[0], f[1], f[2], allowed, Long.parseLong(f[4]), Long.parseLong(f[5]),
                    Long.parseLong(f[6]), f[7]));
        }
        return new Dump(device[1], Integer.parseInt(device[2]), device[3], peers);
    }
}
