package zos.networkd.api.mesh;

import java.util.List;

/**
 * What {@link NetworkResourceManager#apply} did.
 *
 * @param outcome created, changed or left as it was
 * @param changes what was done, for people ("peers: 1 added, 1 changed"), empty when nothing
 * @param status the resource afterwards
 */
public record ApplyResult(Outcome outcome, List<String> changes, NrStatus status) {

    public enum Outcome {
        CREATED, CHANGED, UNCHANGED
    }

    public ApplyResult {
        changes = List.copyOf(changes);
    }
}
