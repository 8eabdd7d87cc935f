package zos.networkd.identity.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Path;

import zos.networkd.api.identity.NodeIdentity;

/** The real identity component, activated outside OSGi with its keys in a directory of the test's. */
public final class TestIdentities {
    private TestIdentities() {
    }

    public static NodeIdentity in(Path directory) throws IOException {
        NodeIdentityComponent identity = new NodeIdentityComponent();
        identity.activate(new NodeIdentityComponent.Config() {
            @Override
            public String directory() {
                return directory.toString();
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return NodeIdentityComponent.Config.class;
            }
        });
        return identity;
    }
}
