package zos.grid.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import zos.grid.api.crypto.AgreementKeyPair;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.model.AgreementKey;
import zos.grid.api.model.Interface;
import zos.grid.api.model.Node;
import zos.grid.api.model.PublicConfig;
import zos.grid.api.model.UsedPorts;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.MacAddress;

class GridFormatTest {

    @Test
    void agesReadNaturally() {
        Instant now = Instant.parse("2025-01-01T12:00:00Z");
        assertEquals("5 s ago", GridFormat.ago(now.minusSeconds(5), now));
        assertEquals("3 min ago", GridFormat.ago(now.minusSeconds(200), now));
        assertEquals("2 h ago", GridFormat.ago(now.minusSeconds(7300), now));
        assertEquals("0 s ago", GridFormat.ago(now.plusSeconds(3), now), "a clock ahead never shows a negative age");
    }

    @Test
    void publicConfigShowsVersionNicAndAddresses() {
        PublicConfig config = new PublicConfig("macvlan", "eth1", Cidr.parse("203.0.113.10/24"), IpAddresses.parse("203.0.113.1"),
                null, null, 4);
        assertEquals("v4 macvlan on eth1 203.0.113.10/24 gw 203.0.113.1", GridFormat.publicConfig(config));
        assertEquals("-", GridFormat.publicConfig(null));
        assertEquals("51820,51821", GridFormat.ports(List.of(51820, 51821)));
        assertEquals("-", GridFormat.ports(List.of()));
    }

    @Test
    void nodeDetailsListEveryNicWithItsMac() {
        SigningKey key = SigningKey.generate();
        Node node = new Node(key.id(), 3, "node1", "0.1.0", AgreementKey.signedBy(key, AgreementKeyPair.generate().publicKey()),
                Instant.now(), Instant.now(), List.of(new Interface("eth0", MacAddress.parse("02:5a:00:01:00:00"),
                        List.of(Cidr.parse("198.51.100.10/24")), List.of(IpAddresses.parse("198.51.100.1")))),
                new UsedPorts(List.of(51820)), null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NodeCommand.print(node, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        for (String expected : List.of(key.id().text(), "node1", "(signed by the node)", "51820", "eth0", "02:5a:00:01:00:00",
                "198.51.100.10/24", "198.51.100.1")) {
            assertEquals(true, text.contains(expected), expected + " in:\n" + text);
        }
    }
}
