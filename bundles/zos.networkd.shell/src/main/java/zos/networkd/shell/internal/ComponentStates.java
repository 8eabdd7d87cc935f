package zos.networkd.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** Turns Declarative Services runtime DTOs and bundle states into the words zos:status shows. */
final class ComponentStates {

    /** One line of zos:status. */
    record StatusRow(String bundle, String component, String state, String details) {
    }

    static final String ACTIVE = "ACTIVE";
    static final String SATISFIED = "SATISFIED";
    static final String UNSATISFIED = "UNSATISFIED";
    static final String FAILED = "FAILED";
    static final String DISABLED = "DISABLED";

    private ComponentStates() {
    }

    static String bundleState(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> ACTIVE;
            default -> "UNKNOWN(" + state + ")";
        };
    }

    /** Why a bundle that is not ACTIVE runs none of its components. */
    static String inactiveBundleDetails(int state, long bundleId) {
        return switch (state) {
            case Bundle.INSTALLED -> "not resolved: missing imports or requirements (see bundle:diag " + bundleId + ")";
            case Bundle.RESOLVED -> "resolved but not started (bundle:start " + bundleId + ")";
            case Bundle.STARTING -> "starting (lazy activation or a slow activator)";
            case Bundle.STOPPING -> "stopping";
            default -> "bundle not active";
        };
    }

    static String label(int configurationState) {
        return switch (configurationState) {
            case ComponentConfigurationDTO.ACTIVE -> ACTIVE;
            case ComponentConfigurationDTO.SATISFIED -> SATISFIED;
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE, ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> UNSATISFIED;
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> FAILED;
            default -> "UNKNOWN(" + configurationState + ")";
        };
    }

    /** What the operator needs to know about one configuration of a component. */
    static String details(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        switch (configuration.state) {
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                return missingReferences(description, configuration.unsatisfiedReferences);
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                return missingConfiguration(description);
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                return configuration.failure == null || configuration.failure.isBlank()
                        ? "activation failed (no failure text; see log:display)"
                        : "activation failed: " + firstLine(configuration.failure);
            case ComponentConfigurationDTO.SATISFIED:
                return "satisfied, not activated yet (delayed component without users)";
            case ComponentConfigurationDTO.ACTIVE:
                return configurationSource(configuration);
            default:
                return "";
        }
    }

    /** The row for a component that has no configuration object at all. */
    static StatusRow withoutConfiguration(String bundle, ComponentDescriptionDTO description, boolean enabled) {
        if (!enabled) {
            return new StatusRow(bundle, description.name, DISABLED, "disabled (scr:enable " + description.name + ")");
        }
        if ("require".equals(description.configurationPolicy)) {
            return new StatusRow(bundle, description.name, UNSATISFIED, missingConfiguration(description));
        }
        return new StatusRow(bundle, description.name, UNSATISFIED, "no component configuration yet");
    }

    static String missingConfiguration(ComponentDescriptionDTO description) {
        return "waiting for configuration " + String.join(", ", pids(description)) + " (policy "
                + description.configurationPolicy + ")";
    }

    static String missingReferences(ComponentDescriptionDTO description, UnsatisfiedReferenceDTO[] unsatisfied) {
        if (unsatisfied == null || unsatisfied.length == 0) {
            return "missing reference";
        }
        Map<String, ReferenceDTO> byName = Arrays.stream(description.references == null ? new ReferenceDTO[0] : description.references)
                .collect(Collectors.toMap(reference -> reference.name, reference -> reference, (a, b) -> a));
        List<String> parts = new ArrayList<>();
        for (UnsatisfiedReferenceDTO missing : unsatisfied) {
            ReferenceDTO reference = byName.get(missing.name);
            StringBuilder part = new StringBuilder("missing ").append(missing.name);
            if (reference != null) {
                part.append(" (").append(reference.interfaceName).append(')');
            }
            if (missing.target != null && !missing.target.isEmpty()) {
                part.append(" target ").append(missing.target);
            }
            parts.add(part.toString());
        }
        return String.join("; ", parts);
    }

    private static String configurationSource(ComponentConfigurationDTO configuration) {
        Object pid = configuration.properties == null ? null : configuration.properties.get("service.pid");
        return pid == null ? "defaults (no configuration)" : "configured by " + pid;
    }

    private static List<String> pids(ComponentDescriptionDTO description) {
        return description.configurationPid == null || description.configurationPid.length == 0
                ? List.of(description.name)
                : List.of(description.configurationPid);
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
