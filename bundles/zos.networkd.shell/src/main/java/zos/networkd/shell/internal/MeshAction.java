package zos.networkd.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import zos.networkd.api.mesh.NetworkResourceManager;

/**
 * What every network-resource command shares: the mesh service through an optional reference, and
 * one message when it is not there (the command then does nothing).
 */
abstract class MeshAction implements Action {
    static final String SERVICE_ABSENT =
            "Network resources not available: component zos.networkd.mesh is not active — see zos:status";

    @Reference(optional = true)
    NetworkResourceManager mesh;

    @Override
    public final Object execute() throws Exception {
        NetworkResourceManager current = mesh;
        if (current == null) {
            System.err.println(SERVICE_ABSENT);
            return null;
        }
        return execute(current);
    }

    /** The command, with the service there. */
    abstract Object execute(NetworkResourceManager current) throws Exception;
}
