package zos.grid.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import zos.grid.api.registry.RegistryView;

/**
 * The grid commands' common part: they read the registry's {@link RegistryView}, and say why they
 * cannot answer while the registry is not running (no DataSource, bundle stopped or updating).
 */
abstract class RegistryCommand implements Action {

    // optional: the command must stay usable, and say why it cannot answer, without a running registry
    @Reference(optional = true)
    RegistryView registry;

    @Override
    public final Object execute() {
        RegistryView current = registry;
        if (current == null) {
            System.err.println(GridFormat.REGISTRY_ABSENT);
            return null;
        }
        run(current);
        return null;
    }

    /** Prints the command's answer from the registry's records. */
    abstract void run(RegistryView registry);
}
