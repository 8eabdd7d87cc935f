package zos.networkd.api.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import zos.networkd.api.host.Cidr;

/** Keys (checked against wireguard-tools' {@code wg pubkey}), endpoints and configuration validation. */
class WireguardModelTest {

    private static String wg(String input, String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), String.join(" ", argv) + " failed");
        return out;
    }

    @Test
    void generatedKeysAreWhatWgDerives() throws Exception {
        for (int i = 0; i < 5; i++) {
            PrivateKey key = PrivateKey.generate();
            assertEquals(wg(key.revealBase64() + "\n", "wg", "pubkey"), key.publicKey().base64());
            byte[] raw = Base64.getDecoder().decode(key.revealBase64());
            assertEquals(0, raw[0] & 7, "clamped like wg genkey");
            assertEquals(64, raw[31] & 0xc0);
        }
        // and keys wg generates are read the same way
        String fromWg = wg("", "wg", "genkey");
        assertEquals(wg(fromWg + "\n", "wg", "pubkey"), PrivateKey.parse(fromWg).publicKey().base64());
    }

    @Test
    void privateKeysNeverShowThemselves() throws Exception {
        PrivateKey key = PrivateKey.generate();
        assertEquals("(hidden)", key.toString());
        DeviceConfig config = DeviceConfig.of(key, 51820, List.of());
        assertFalse(config.toString().contains(key.revealBase64()), config.toString());
        for (Class<?> secret : List.of(PrivateKey.class, PresharedKey.class, PrivateKey.class.getSuperclass())) {
            for (Field f : secret.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    assertTrue(Modifier.isTransient(f.getModifiers()), secret + "." + f.getName() + " must be transient");
                }
            }
        }
        assertEquals("(hidden)", PresharedKey.generate().toString());
        String almost = key.revealBase64().substring(0, 40) + "@@@=";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrivateKey.parse(almost));
        assertFalse(e.getMessage().contains(almost.substring(0, 10)), e.getMessage());
        assertEquals(key, PrivateKey.parse(key.revealBase64()));
        assertNotEquals(key, PrivateKey.generate());
    }

    @Test
    void badKeysAreRefusedNamingTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PublicKey.parse("short")).getMessage()
                .contains("'short'"));
        assertThrows(IllegalArgumentException.class, () -> PublicKey.parse(null));
        assertThrows(IllegalArgumentException.class, () -> PrivateKey.of(new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> PublicKey.of(new byte[31]));
        String notBase64 = "!".repeat(43) + "=";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PublicKey.parse(notBase64)).getMessage()
                .contains("base64"));
    }

    @Test
    void endpointsParseAndPrintAsWgDoes() {
        assertEquals("198.51.100.2:51820", Endpoint.parse("198.51.100.2:51820").toString());
        assertEquals("[2001:db8::2]:51820", Endpoint.parse("[2001:db8:0::2]:51820").toString());
        for (String bad : List.of("", "198.51.100.2", "2001:db8::2:51820", "host.example:51820", "198.51.100.2:0",
                "198.51.100.2:70000", "[2001:db8::2]51820")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(bad), bad);
            assertTrue(e.getMessage().contains("endpoint"), e.getMessage());
        }
    }

    @Test
    void configurationsAreValidated() {
        PrivateKey key = PrivateKey.generate();
        PublicKey peer = PrivateKey.generate().publicKey();
        PeerConfig p = PeerConfig.of(peer, List.of(Cidr.parse("10.1.2.3/24"), Cidr.parse("10.1.2.0/24")));
        assertEquals(List.of(Cidr.parse("10.1.2.0/24")), p.allowedIps(), "networks, no duplicates");
        assertThrows(IllegalArgumentException.class, () -> DeviceConfig.of(key, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> DeviceConfig.of(key, 65536, List.of()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeviceConfig.of(key, 1, List.of(p, p)))
                .getMessage().contains("twice"));
        assertThrows(IllegalArgumentException.class, () -> p.withKeepalive(-1));
        assertThrows(IllegalArgumentException.class, () -> DeviceSpec.in("", null));
        assertThrows(IllegalArgumentException.class, () -> DeviceSpec.in("w", "bad/ns"));
        assertThrows(IllegalArgumentException.class,
                () -> new DeviceSpec("w", null, null, List.of(), List.of(), 1000));
        assertTrue(DeviceSpec.moved("w", "a", "b").moves());
        assertFalse(DeviceSpec.in("w", "a").moves());
    }
}
