package zos.networkd.itest;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import zos.networkd.api.host.HostNetworking;

/**
 * The lab's "Internet" for a test: a namespace {@code <ZLAB_NETNS>-up} joined to the test's
 * namespace by a veth (the node's {@code eth0}), with a real dnsmasq handing out 203.0.113.50–99
 * with router 203.0.113.1, and optionally a TCP listener playing the registry at
 * {@value #REGISTRY_IP}. Closing it stops dnsmasq and deletes the namespace (the run's wrapper
 * deletes it too if the test dies).
 */
final class DhcpUpstream implements AutoCloseable {
    static final String REGISTRY_IP = "203.0.113.10";

    private final String namespace = System.getenv("ZLAB_NETNS") + "-up";
    private Process dnsmasq;
    private ServerSocket listener;

    DhcpUpstream() throws Exception {
        LabNamespace.requireLabNamespace();
        run("ip", "netns", "add", namespace);
        try {
            Ip.run("link", "add", "eth0", "type", "veth", "peer", "name", "up0", "netns", namespace);
            inside("ip", "link", "set", "lo", "up");
            inside("ip", "addr", "add", "203.0.113.1/24", "dev", "up0");
            inside("ip", "addr", "add", REGISTRY_IP + "/32", "dev", "lo");
            inside("ip", "link", "set", "up0", "up");
            dnsmasq = new ProcessBuilder("nsenter", "--net=/run/netns/" + namespace, "--", "dnsmasq", "--no-daemon",
                    "--conf-file=/dev/null", "--user=root", "--group=root", "--bind-interfaces", "--interface=up0",
                    "--except-interface=lo", "--port=0", "--no-ping", "--dhcp-authoritative",
                    "--dhcp-leasefile=/dev/null", "--pid-file=", "--dhcp-range=203.0.113.50,203.0.113.99,255.255.255.0,2m",
                    "--dhcp-option=option:router,203.0.113.1").redirectErrorStream(true)
                    .redirectOutput(new File(System.getProperty("karaf.data"), "dnsmasq-" + namespace + ".log")).start();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** A TCP listener at the registry's address in the upstream: what "online" needs. */
    void listenAsRegistry(HostNetworking host, int port) throws Exception {
        listener = host.namespace(namespace).call(() -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(REGISTRY_IP, port));
            return s;
        });
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket ignored = listener.accept()) {
                    // a connection is what "online" asks for
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void inside(String... argv) throws Exception {
        String[] full = new String[argv.length + 3];
        full[0] = "nsenter";
        full[1] = "--net=/run/netns/" + namespace;
        full[2] = "--";
        System.arraycopy(argv, 0, full, 3, argv.length);
        run(full);
    }

    static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + ": " + out);
        }
    }

    @Override
    public void close() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (dnsmasq != null) {
            dnsmasq.destroy();
            dnsmasq.waitFor(5, TimeUnit.SECONDS);
        }
        run("ip", "netns", "del", namespace);
    }
}
