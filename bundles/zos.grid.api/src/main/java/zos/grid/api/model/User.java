package zos.grid.api.model;

import zos.grid.api.crypto.KeyId;

/** A user: the key that signs the user's workloads, and a name. */
public record User(KeyId id, String name) {
    public User {
        Check.present("id", id);
        Check.name("name", name);
    }
}
