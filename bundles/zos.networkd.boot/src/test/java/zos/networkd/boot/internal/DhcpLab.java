package zos.networkd.boot.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import zos.networkd.api.boot.ConnectivityStatus;
import zos.networkd.api.boot.NodeParameters;
import zos.networkd.netlink.internal.NetlinkHostNetworking;
import zos.networkd.testlab.Lab;
import zos.networkd.testlab.LabProcess;

/**
 * A node namespace whose NICs are veths into upstream namespaces of their own: each upstream is a
 * little Internet with an address on its end, optionally a real dnsmasq and a TCP listener playing
 * the registry at {@value #REGISTRY_IP}:{@value #REGISTRY_PORT}.
 */
final class DhcpLab implements AutoCloseable {
    static final String REGISTRY_IP = "203.0.113.10";
    static final int REGISTRY_PORT = 8080;

    final Lab lab;
    final NetlinkHostNetworking host;
    final String node;
    private final Path workDirectory;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<LabProcess> servers = new ArrayList<>();

    DhcpLab(Lab lab, NetlinkHostNetworking host, String nodeShortName) throws IOException {
        this.lab = lab;
        this.host = host;
        this.node = lab.namespace(nodeShortName);
        this.workDirectory = Files.createTempDirectory("zlab-boot");
    }

    /** One NIC of the node and what sits at its other end. */
    record Upstream(String namespace, String nic, String subnet) {
        String gateway() {
            return subnet + ".1";
        }
    }

    /** NIC {@code nic} of the node, wired to a new upstream namespace owning {@code subnet}.0/24. */
    Upstream upstream(String nic, String shortName, String subnet, boolean carrier) {
        String up = lab.namespace(shortName);
        lab.veth(node, nic, up, "up0");
        lab.runIn(up, "ip", "addr", "add", subnet + ".1/24", "dev", "up0");
        lab.runIn(up, "ip", "addr", "add", REGISTRY_IP + "/32", "dev", "lo");
        if (carrier) {
            lab.runIn(up, "ip", "link", "set", "up0", "up");
        }
        return new Upstream(up, nic, subnet);
    }

    /** A real dnsmasq on the upstream's end, handing out 50 addresses from {@code firstHost} for {@code leaseTime}, with or without a router. */
    LabProcess dnsmasq(Upstream u, boolean router, String leaseTime, String firstHost) {
        List<String> argv = new ArrayList<>(List.of("dnsmasq", "--no-daemon", "--conf-file=/dev/null",
                "--user=root", "--group=root", "--bind-interfaces", "--interface=up0", "--except-interface=lo",
                "--port=0", "--no-ping", "--dhcp-authoritative", "--log-dhcp", "--log-facility=-",
                "--dhcp-leasefile=" + workDirectory.resolve(u.namespace() + ".leases"),
                "--pid-file=", "--dhcp-range=" + u.subnet() + "." + firstHost + "," + u.subnet() + "."
                        + (Integer.parseInt(firstHost) + 49) + ",255.255.255.0," + leaseTime));
        if (router) {
            argv.add("--dhcp-option=option:router," + u.gateway());
            argv.add("--dhcp-option=option:dns-server," + u.gateway());
        } else {
            argv.add("--dhcp-option=3"); // an empty router option: no default gateway
        }
        LabProcess server = lab.start(u.namespace(), argv, workDirectory.resolve(u.namespace() + "-dnsmasq.log"));
        servers.add(server);
        return server;
    }

    /** A TCP listener at the registry's address inside the upstream namespace. */
    ServerSocket registry(Upstream u) throws Exception {
        ServerSocket server = host.namespace(u.namespace()).call(() -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(REGISTRY_IP, REGISTRY_PORT));
            return s;
        });
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket ignored = server.accept()) {
                    // a connection is all "online" asks for
                } catch (IOException e) {
                    return;
                }
            }
        }, "registry-" + u.namespace());
        acceptor.setDaemon(true);
        acceptor.start();
        resources.add(server);
        return server;
    }

    String registryUrl() {
        return "http://" + REGISTRY_IP + ":" + REGISTRY_PORT;
    }

    /** Boot settings for the lab: short timeouts, probe namespaces under the lab's prefix. */
    BootSettings settings(Duration dhcpTimeout) throws IOException {
        return new BootSettings("zos", lab.prefix() + "-", Duration.ofSeconds(2), dhcpTimeout, Duration.ofSeconds(4),
                Duration.ofSeconds(2), Path.of("/usr/sbin/udhcpc"), Files.createDirectories(workDirectory.resolve("state")));
    }

    /** A boot manager for the node namespace; statuses it publishes are collected. */
    BootManager boot(NodeParameters parameters, BootSettings settings, List<String> nics,
            List<ConnectivityStatus> published) throws IOException {
        Consumer<ConnectivityStatus> sink = published::add;
        BootManager manager = new BootManager(host, host.namespace(node), parameters, settings, true, () -> nics, sink);
        resources.add(manager);
        return manager;
    }

    static List<ConnectivityStatus> collector() {
        return new CopyOnWriteArrayList<>();
    }

    Path workDirectory() {
        return workDirectory;
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        for (LabProcess server : servers) {
            server.stop();
        }
        try (var files = Files.walk(workDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
