package zos.grid.registry.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.servlet.Servlet;
import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.grid.api.registry.RegistryView;

/**
 * The grid registry server in Karaf: takes the JDBC DataSource named in its configuration (pax-jdbc
 * makes it from {@code etc/org.ops4j.datasource-zos-grid-registry.cfg}), brings the schema up to
 * date, and offers the HTTP API to the OSGi HTTP whiteboard (Pax Web) under {@code basePath}, plus a
 * read-only {@link RegistryView} for the shell. A configuration change restarts it.
 */
@Component(name = "zos.grid.registry", immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RegistryComponent.Config.class)
public class RegistryComponent {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryComponent.class);

    @ObjectClassDefinition(id = "zos.grid.registry", name = "zos grid: registry server",
            description = "The grid registry's HTTP API, storage and limits.")
    public @interface Config {
        @AttributeDefinition(name = "Base path", description = "Where the API is served on the HTTP service, e.g. /grid "
                + "(the registry URL is then http://HOST:PORT/grid).")
        String basePath() default "/grid";

        @AttributeDefinition(name = "Largest body", description = "Request bodies larger than this many bytes are refused (413).")
        int maxBodyBytes() default 262144;

        @AttributeDefinition(name = "Signature age", description = "Seconds a request signature stays valid after its creation.")
        int signatureMaxAgeSeconds() default 300;

        @AttributeDefinition(name = "Clock lead", description = "Seconds a signature's creation may be ahead of the server's clock.")
        int signatureMaxFutureSeconds() default 30;

        @AttributeDefinition(name = "Longest poll", description = "Longest wait (seconds) a workload poll may ask for.")
        int maxWaitSeconds() default 60;

        @AttributeDefinition(name = "DataSource", description = "LDAP filter selecting the javax.sql.DataSource service.")
        String dataSource_target() default "(dataSourceName=zos-grid-registry)";
    }

    @Reference(name = "dataSource")
    private DataSource dataSource;

    private RegistryServer server;
    private ServiceRegistration<Servlet> servletRegistration;
    private ServiceRegistration<RegistryView> viewRegistration;

    @Activate
    void activate(BundleContext context, Config config) throws SQLException {
        RegistrySettings settings = new RegistrySettings(config.basePath(), config.maxBodyBytes(),
                Duration.ofSeconds(config.signatureMaxAgeSeconds()), Duration.ofSeconds(config.signatureMaxFutureSeconds()),
                Duration.ofSeconds(config.maxWaitSeconds()));
        server = new RegistryServer(dataSource, settings, Clock.systemUTC());
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", settings.basePath() + "/*");
        properties.put("osgi.http.whiteboard.servlet.name", "zos-grid-registry");
        properties.put("osgi.http.whiteboard.servlet.asyncSupported", Boolean.TRUE);
        servletRegistration = context.registerService(Servlet.class, server.servlet(), properties);
        viewRegistration = context.registerService(RegistryView.class, server.view(), null);
        LOG.info("Grid registry serving {} (schema version {})", settings.basePath(), SchemaMigrations.latest());
    }

    @Deactivate
    void deactivate() {
        if (viewRegistration != null) {
            viewRegistration.unregister();
        }
        if (servletRegistration != null) {
            servletRegistration.unregister();
        }
        if (server != null) {
            server.close();
        }
    }
}
