package zos.networkd.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import zos.networkd.api.mesh.NetworkResourceManager;

/**
 * What the commands that change one network resource share: the network id as first argument, the
 * mesh service (saying so when it is not there), and a refusal printed as "Not <done>: reason".
 */
abstract class NetworkResourceAction extends MeshAction {

    @Argument(index = 0, name = "network", required = true, description = "The network id")
    @Completion(NetworkIdCompleter.class)
    String network;

    @Override
    Object execute(NetworkResourceManager current) {
        try {
            run(current);
        } catch (RuntimeException e) {
            System.err.println("Not " + done() + ": " + e.getMessage());
        }
        return null;
    }

    /** What the command does once the service is there; exceptions become the refusal. */
    abstract void run(NetworkResourceManager current);

    /** The past participle for the refusal: "deleted", "joined"... */
    abstract String done();
}
