package zos.grid.registry.internal;

import java.net.URI;
import java.time.Clock;

import javax.sql.DataSource;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The registry servlet in Jetty 9.4 (the container Pax Web 8 runs), on 127.0.0.1 of the test's
 * namespace, mounted under {@code /grid/*} with async support as the whiteboard mounts it.
 */
final class RunningRegistry implements AutoCloseable {
    private final Server jetty;
    private final RegistryServer registry;
    private final URI base;

    RunningRegistry(DataSource dataSource, RegistrySettings settings, Clock clock) throws Exception {
        registry = new RegistryServer(dataSource, settings, clock);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder("zos-grid-registry", registry.servlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, settings.basePath() + "/*");
        jetty.setHandler(context);
        jetty.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + settings.basePath());
    }

    /** The registry URL, e.g. {@code http://127.0.0.1:PORT/grid}. */
    URI base() {
        return base;
    }

    RegistryServer registry() {
        return registry;
    }

    @Override
    public void close() throws Exception {
        registry.close();
        jetty.stop();
    }
}
