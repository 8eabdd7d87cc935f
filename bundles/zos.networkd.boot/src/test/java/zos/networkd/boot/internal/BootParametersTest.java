package zos.networkd.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import zos.networkd.api.boot.NodeParameters;

class BootParametersTest {

    @Test
    void theCommandLineWinsOverConfiguration() {
        NodeParameters p = BootParameters.resolve("console=ttyS0 zos.farm=7 zos.registry=http://192.0.2.1:8080/api",
                Map.of(BootParameters.FARM, "9", BootParameters.RUN_MODE, "test", BootParameters.NIC, "eth3"));
        assertEquals("7", p.farmId());
        assertEquals("192.0.2.1", p.registry().getHost());
        assertEquals(8080, BootParameters.registryPort(p.registry()));
        assertEquals("test", p.runMode());
        assertEquals("eth3", p.bootNic());
        assertEquals(List.of(), p.problems());
    }

    @Test
    void quotedWordsAndTheOriginalsFarmerId() {
        assertEquals(List.of("a", "zos.farm=x y", "b"), BootParameters.splitKernelWords("a \"zos.farm=x y\"  b"));
        assertEquals("12", BootParameters.resolve("farmer_id=12", Map.of()).farmId());
    }

    @Test
    void everyProblemIsNamedAndNothingIsFatal() {
        NodeParameters p = BootParameters.resolve("zos.vlan=5000 zos.nic=a/b zos.registry=ftp://x zos.runmode=fast "
                + "zos.whatever=1 zos.ip=192.0.2.5/24 zos.gw=198.51.100.1", Map.of(BootParameters.VLAN, "7"));
        List<String> problems = p.problems();
        assertTrue(problems.stream().anyMatch(s -> s.startsWith("zos.vlan=5000 (kernel command line): not a VLAN id")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(s -> s.startsWith("zos.nic=a/b")), problems.toString());
        assertTrue(problems.stream().anyMatch(s -> s.startsWith("zos.registry=ftp://x")), problems.toString());
        assertTrue(problems.stream().anyMatch(s -> s.startsWith("zos.runmode=fast")), problems.toString());
        assertTrue(problems.stream().anyMatch(s -> s.startsWith("unknown parameter zos.whatever")), problems.toString());
        assertTrue(problems.stream().anyMatch(s -> s.startsWith("zos.gw=198.51.100.1") && s.contains("not inside")),
                problems.toString());
        // a bad value on the command line does not fall back silently to a worse choice: it is dropped
        assertEquals(0, p.vlan());
        assertNull(p.bootNic());
        assertNull(p.registry());
        assertEquals("prod", p.runMode());
        assertNull(p.staticAddress(), "no static address without a valid gateway");
    }

    @Test
    void staticConfigurationNeedsBothHalves() {
        NodeParameters ok = BootParameters.resolve("zos.ip=192.0.2.5/24 zos.gw=192.0.2.1", Map.of());
        assertEquals("192.0.2.5/24", ok.staticAddress().toString());
        assertEquals("192.0.2.1", ok.staticGateway().getHostAddress());
        NodeParameters bare = BootParameters.resolve("zos.ip=192.0.2.5 zos.gw=192.0.2.1", Map.of());
        assertNull(bare.staticAddress());
        assertTrue(bare.problems().get(0).contains("prefix length"), bare.problems().toString());
    }
}
