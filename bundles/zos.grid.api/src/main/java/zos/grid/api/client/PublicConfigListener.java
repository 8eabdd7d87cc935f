package zos.grid.api.client;

import org.osgi.annotation.versioning.ConsumerType;

import zos.grid.api.model.PublicConfig;

/** Whiteboard: told when the farmer's public config for this node appears or changes version. */
@ConsumerType
@FunctionalInterface
public interface PublicConfigListener {
    void publicConfigChanged(PublicConfig config);
}
