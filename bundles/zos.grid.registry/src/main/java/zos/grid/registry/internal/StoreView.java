package zos.grid.registry.internal;

import java.util.List;
import java.util.Optional;

import zos.grid.api.crypto.KeyId;
import zos.grid.api.model.Farm;
import zos.grid.api.model.Node;
import zos.grid.api.model.User;
import zos.grid.api.registry.NodeWorkload;
import zos.grid.api.registry.RegistryView;

/** The registry's records, read-only, for the operator's commands. */
final class StoreView implements RegistryView {
    private final RegistryStore store;
    private final String basePath;
    private final int schemaVersion;

    StoreView(RegistryStore store, String basePath, int schemaVersion) {
        this.store = store;
        this.basePath = basePath;
        this.schemaVersion = schemaVersion;
    }

    @Override
    public String basePath() {
        return basePath;
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    @Override
    public List<Farm> farms() {
        return store.farms();
    }

    @Override
    public List<Node> nodes() {
        return store.nodes(null);
    }

    @Override
    public Optional<Node> node(KeyId id) {
        return store.node(id);
    }

    @Override
    public List<User> users() {
        return store.users();
    }

    @Override
    public List<NodeWorkload> workloads(KeyId user, int limit) {
        return store.allWorkloads(user, limit).stream().map(e -> new NodeWorkload(e.getKey(), e.getValue())).toList();
    }
}
