package zos.networkd.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import zos.networkd.api.mesh.ApplyResult;
import zos.networkd.api.mesh.NetworkResource;
import zos.networkd.api.mesh.NetworkResourceManager;

@Service
@Command(scope = "zos", name = "nr-apply", description = "Applies a network resource from a JSON file: creates it, "
        + "or changes what differs (peers in place, without dropping the tunnel); the same file again changes "
        + "nothing. Format: {\"networkId\": \"demo\", \"name\": \"\", \"ipRange\": \"10.1.0.0/16\", \"subnet\": "
        + "\"10.1.1.0/24\", \"listenPort\": 0, \"peers\": [{\"publicKey\": \"…=\", \"subnet\": \"10.1.2.0/24\", "
        + "\"allowedIps\": [], \"endpoint\": \"198.51.100.2:30000\", \"keepalive\": 20}]} (listenPort 0: the node "
        + "chooses; no private key: the node makes one and only its public key is shown).")
public class NrApplyCommand extends MeshAction {


    @Argument(index = 0, name = "file", required = true, description = "The JSON declaration")
    @Completion(FileCompleter.class)
    String file;

    @Override
    Object execute(NetworkResourceManager current) {
        NetworkResource resource;
        try {
            resource = NetworkResourceJson.parse(Files.readString(Path.of(file)));
        } catch (IOException e) {
            System.err.println("Cannot read " + file + ": " + e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            System.err.println(file + ": " + e.getMessage());
            return null;
        }
        ApplyResult result;
        try {
            result = current.apply(resource);
        } catch (RuntimeException e) {
            System.err.println("Not applied: " + e.getMessage());
            return null;
        }
        System.out.println("network resource " + resource.networkId() + ": " + result.outcome().name().toLowerCase());
        result.changes().forEach(c -> System.out.println("  " + c));
        System.out.println("  public key:  " + result.status().publicKey());
        System.out.println("  listen port: " + result.status().listenPort());
        System.out.println("  namespace:   " + result.status().layout().namespace());
        return null;
    }
}
