package zos.networkd.testlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSnapshotTest {
    @TempDir
    Path logs;

    @Test
    void seesTheLoopbackOfTheJvmsNamespace() {
        HostSnapshot host = HostSnapshot.take();
        assertTrue(host.links().stream().anyMatch(l -> l.startsWith("lo type=loopback ") && l.contains(" up")),
                host.links()::toString);
        assertTrue(host.addresses().contains("lo inet 127.0.0.1/8 scope host"), host.addresses()::toString);
        assertTrue(host.routes().stream().anyMatch(r -> r.contains("\"dst\":\"127.0.0.0/8\"")), host.routes()::toString);
        assertTrue(host.sysctls().containsKey("net.ipv4.ip_forward"), host.sysctls()::toString);
    }

    @Test
    void aLabSessionLeavesTheHostAsItWas() {
        HostSnapshot before = HostSnapshot.take();
        String prefix;
        try (Lab lab = Lab.open("snaptest")) {
            prefix = lab.prefix();
            String a = lab.namespace("a");
            String b = lab.namespace("b");
            lab.veth(a, "va", b, "vb");
            lab.run("ip", "-n", a, "link", "set", "va", "up");
            lab.run("ip", "-n", a, "addr", "add", "198.51.100.1/24", "dev", "va");
            lab.start(b, List.of("sleep", "600"), logs.resolve("sleep.log"));
        }
        // other labs may run at the same time on this machine: only ours counts
        HostSnapshot.take().ignoringOtherLabs(prefix).assertUnchanged(before.ignoringOtherLabs(prefix));
    }

    @Test
    void reportsANamespaceThatExistedWhenTheOtherSnapshotWasTaken() {
        HostSnapshot during;
        String ns;
        String prefix;
        try (Lab lab = Lab.open("snaptest")) {
            prefix = lab.prefix();
            ns = lab.namespace("x");
            during = HostSnapshot.take().ignoringOtherLabs(prefix);
        }
        HostSnapshot after = HostSnapshot.take().ignoringOtherLabs(prefix);

        assertEquals(List.of("namespaces: - " + ns), after.diff(during));
        assertEquals(List.of("namespaces: + " + ns), during.diff(after));
        AssertionError failure = assertThrows(AssertionError.class, () -> after.assertUnchanged(during));
        assertTrue(failure.getMessage().contains(ns), failure.getMessage());
    }

    @Test
    void listsEveryKindOfDifference() {
        HostSnapshot before = new HostSnapshot(
                List.of("eth0 type=ether kind=- mac=02:00:00:00:00:01 mtu=1500 up master=-"),
                List.of("eth0 inet 192.0.2.2/24 scope global"),
                List.of("{\"dev\":\"eth0\",\"dst\":\"default\",\"gateway\":\"192.0.2.1\"}"),
                List.of("{\"priority\":0,\"src\":\"all\",\"table\":\"local\"}"),
                List.of(),
                new TreeMap<>(Map.of("net.ipv4.ip_forward", "0", "net.ipv6.conf.eth0.accept_ra", "1")),
                List.of());
        HostSnapshot after = new HostSnapshot(
                List.of("eth0 type=ether kind=- mac=02:00:00:00:00:01 mtu=9000 up master=-"),
                List.of(),
                List.of("{\"dev\":\"eth0\",\"dst\":\"default\",\"gateway\":\"192.0.2.1\"}"),
                List.of("{\"priority\":0,\"src\":\"all\",\"table\":\"local\"}", "{\"priority\":100,\"table\":\"7\"}"),
                List.of("{\"table\":{\"family\":\"inet\",\"name\":\"zos\"}}"),
                new TreeMap<>(Map.of("net.ipv4.ip_forward", "1")),
                List.of("n-abc"));

        assertEquals(List.of(
                "links: - eth0 type=ether kind=- mac=02:00:00:00:00:01 mtu=1500 up master=-",
                "links: + eth0 type=ether kind=- mac=02:00:00:00:00:01 mtu=9000 up master=-",
                "addresses: - eth0 inet 192.0.2.2/24 scope global",
                "rules: + {\"priority\":100,\"table\":\"7\"}",
                "nft: + {\"table\":{\"family\":\"inet\",\"name\":\"zos\"}}",
                "sysctls: net.ipv4.ip_forward 0 -> 1",
                "namespaces: + n-abc"), after.diff(before));
        assertEquals(List.of(), before.diff(before));
    }

    @Test
    void otherLabsAreIgnoredOnlyWhenAsked() {
        List<String> namespaces = new ArrayList<>(List.of("zlab-a-0001-x", "zlab-b-0002-y", "n-abc"));
        HostSnapshot host = new HostSnapshot(List.of(), List.of(), List.of(), List.of(), List.of(), new TreeMap<>(), namespaces);
        assertEquals(List.of("n-abc", "zlab-a-0001-x"), host.ignoringOtherLabs("zlab-a-0001").namespaces());
        assertEquals(List.of("n-abc", "zlab-a-0001-x", "zlab-b-0002-y"), host.namespaces());
    }
}
