package zos.grid.api.model;

import zos.grid.api.crypto.KeyId;

/**
 * A farm: a name, the id the registry gave it, and its farmer's key, which alone may set the public
 * configuration of the farm's nodes.
 */
public record Farm(long id, String name, KeyId farmer) {
    public Farm {
        Check.positive("id", id);
        Check.name("name", name);
        Check.present("farmer", farmer);
    }
}
