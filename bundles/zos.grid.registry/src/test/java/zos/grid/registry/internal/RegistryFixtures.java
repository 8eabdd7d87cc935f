package zos.grid.registry.internal;

import java.util.Base64;
import java.util.List;

import zos.grid.api.crypto.AgreementKeyPair;
import zos.grid.api.crypto.SealedSecrets;
import zos.grid.api.crypto.SigningKey;
import zos.grid.api.json.GridJson;
import zos.grid.api.model.AgreementKey;
import zos.grid.api.model.Interface;
import zos.grid.api.model.NetworkResource;
import zos.grid.api.model.NodeRegistration;
import zos.grid.api.model.Operation;
import zos.grid.api.model.Workload;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.IpAddresses;
import zos.networkd.api.host.MacAddress;

/** Valid records as nodes and users send them; shared by the suite and the benchmark (no JUnit here). */
final class RegistryFixtures {

    private RegistryFixtures() {
    }

    static NodeRegistration registration(SigningKey key, long farm, String hostname) {
        return new NodeRegistration(key.id(), farm, hostname, "0.1.0",
                AgreementKey.signedBy(key, AgreementKeyPair.generate().publicKey()));
    }

    /** A deploy workload of {@code by} for node {@code on}, signed by {@code by}. */
    static Workload workload(SigningKey by, SigningKey on, String netId) {
        NetworkResource resource = new NetworkResource("office", netId, Cidr.parse("10.10.0.0/16"), Cidr.parse("10.10.1.0/24"),
                SealedSecrets.sealTo(on.id(), AgreementKeyPair.generate().publicKey(), new byte[0], new byte[32]),
                Base64.getEncoder().encodeToString(new byte[32]), 51820, List.of(), 1);
        return GridJson.signWorkload(by, on.id(), Operation.DEPLOY, resource);
    }

    static Interface nic(String name, String mac, String address, String gateway) {
        return new Interface(name, mac == null ? null : MacAddress.parse(mac), List.of(Cidr.parse(address)),
                gateway == null ? List.of() : List.of(IpAddresses.parse(gateway)));
    }
}
