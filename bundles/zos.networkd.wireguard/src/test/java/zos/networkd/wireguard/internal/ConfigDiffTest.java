package zos.networkd.wireguard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import zos.networkd.api.host.Cidr;
import zos.networkd.api.wireguard.DeviceConfig;
import zos.networkd.api.wireguard.Endpoint;
import zos.networkd.api.wireguard.PeerConfig;
import zos.networkd.api.wireguard.PeerState;
import zos.networkd.api.wireguard.PresharedKey;
import zos.networkd.api.wireguard.PrivateKey;
import zos.networkd.wireguard.internal.ConfigDelta.PeerDelta;
import zos.networkd.wireguard.internal.DeviceReading.PeerReading;

/** Only what differs is changed; endpoints that roamed are left alone. */
class ConfigDiffTest {
    private final PrivateKey device = PrivateKey.generate();
    private final PeerConfig a = new PeerConfig(PrivateKey.generate().publicKey(), null, Endpoint.parse("198.51.100.2:1000"),
            List.of(Cidr.parse("10.0.1.0/24")), 25);
    private final PeerConfig b = PeerConfig.of(PrivateKey.generate().publicKey(), List.of(Cidr.parse("10.0.2.0/24")));

    private DeviceReading live(int port, PeerConfig... peers) {
        return live(port, null, peers);
    }

    private DeviceReading live(int port, Endpoint roamedA, PeerConfig... peers) {
        List<PeerReading> readings = new java.util.ArrayList<>();
        for (PeerConfig p : peers) {
            Endpoint endpoint = p == a && roamedA != null ? roamedA : p.endpoint();
            readings.add(new PeerReading(new PeerState(p.publicKey(), p.presharedKey() != null, endpoint, p.allowedIps(),
                    p.persistentKeepalive(), null, 0, 0), p.presharedKey()));
        }
        return new DeviceReading(device, device.publicKey(), port, 0, readings);
    }

    @Test
    void anUnchangedDeviceNeedsNothing() {
        DeviceConfig config = DeviceConfig.of(device, 51820, List.of(a, b));
        assertTrue(ConfigDiff.between(config, live(51820, a, b), config).isEmpty());
    }

    @Test
    void addedChangedAndRemovedPeersOnly() {
        DeviceConfig before = DeviceConfig.of(device, 51820, List.of(a, b));
        PeerConfig changedA = a.withAllowedIps(List.of(Cidr.parse("10.0.1.0/24"), Cidr.parse("10.0.9.0/24")));
        PeerConfig c = PeerConfig.of(PrivateKey.generate().publicKey(), List.of(Cidr.parse("10.0.3.0/24")));
        DeviceConfig after = DeviceConfig.of(device, 51820, List.of(changedA, c));
        ConfigDelta delta = ConfigDiff.between(before, live(51820, a, b), after);
        assertNull(delta.privateKey());
        assertNull(delta.listenPort());
        assertFalse(delta.replacePeers(), "never replace_peers on a running device");
        assertEquals(3, delta.peers().size());
        PeerDelta forA = delta.peers().get(0);
        assertEquals(changedA.allowedIps(), forA.allowedIps());
        assertNull(forA.endpoint(), "endpoint unchanged: not resent");
        assertNull(forA.persistentKeepalive());
        assertEquals(c.publicKey(), delta.peers().get(1).publicKey());
        assertTrue(delta.peers().get(2).remove());
        assertEquals(b.publicKey(), delta.peers().get(2).publicKey());
    }

    @Test
    void aRoamedEndpointIsKeptUnlessTheConfiguredOneChanged() {
        DeviceConfig config = DeviceConfig.of(device, 51820, List.of(a));
        Endpoint roamed = Endpoint.parse("203.0.113.9:4000");
        assertTrue(ConfigDiff.between(config, live(51820, roamed, a), config).isEmpty());
        PeerConfig moved = a.withEndpoint(Endpoint.parse("198.51.100.3:1000"));
        ConfigDelta delta = ConfigDiff.between(config, live(51820, roamed, a), config.withPeers(List.of(moved)));
        assertEquals(moved.endpoint(), delta.peers().get(0).endpoint());
    }

    @Test
    void keyPortAndPresharedKeyChanges() {
        DeviceConfig config = DeviceConfig.of(device, 51820, List.of(a));
        PresharedKey psk = PresharedKey.generate();
        PrivateKey other = PrivateKey.generate();
        DeviceConfig changed = new DeviceConfig(other, 51821, 0, List.of(a.withPresharedKey(psk)));
        ConfigDelta delta = ConfigDiff.between(config, live(51820, a), changed);
        assertEquals(other, delta.privateKey());
        assertEquals(51821, delta.listenPort());
        assertEquals(psk, delta.peers().get(0).presharedKey());
        // and back: the preshared key is cleared
        ConfigDelta back = ConfigDiff.between(changed, live(51820, a.withPresharedKey(psk)), config);
        assertTrue(back.peers().get(0).removePresharedKey());
    }

    @Test
    void fullConfigurationReplacesEverything() {
        ConfigDelta full = ConfigDiff.full(DeviceConfig.of(device, 51820, List.of(a, b)));
        assertTrue(full.replacePeers());
        assertEquals(device, full.privateKey());
        assertEquals(2, full.peers().size());
        assertEquals(a.endpoint(), full.peers().get(0).endpoint());
    }
}
