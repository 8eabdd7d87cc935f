package zos.networkd.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import zos.networkd.shell.internal.ComponentStates.StatusRow;

class ComponentStatesTest {

    private static ComponentDescriptionDTO nicsDescription() {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = "zos.networkd.nics";
        description.configurationPid = new String[] {"zos.networkd.nics"};
        description.configurationPolicy = "optional";
        ReferenceDTO host = new ReferenceDTO();
        host.name = "hostNetworking";
        host.interfaceName = "zos.networkd.api.host.HostNetworking";
        description.references = new ReferenceDTO[] {host};
        return description;
    }

    private static ComponentConfigurationDTO configuration(int state) {
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = state;
        configuration.properties = Map.of();
        return configuration;
    }

    @Test
    void unsatisfiedReferenceNamesTheMissingServiceAndItsTarget() {
        ComponentConfigurationDTO configuration = configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        UnsatisfiedReferenceDTO missing = new UnsatisfiedReferenceDTO();
        missing.name = "hostNetworking";
        missing.target = "(flavour=netlink)";
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {missing};

        assertEquals("UNSATISFIED", ComponentStates.label(configuration.state));
        assertEquals("missing hostNetworking (zos.networkd.api.host.HostNetworking) target (flavour=netlink)",
                ComponentStates.details(nicsDescription(), configuration));
    }

    @Test
    void failedActivationShowsTheFirstLineOfTheFailure() {
        ComponentConfigurationDTO configuration = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION);
        configuration.failure = "java.lang.IllegalStateException: netlink socket refused\n\tat zos.X.activate(X.java:1)\n";

        assertEquals("FAILED", ComponentStates.label(configuration.state));
        assertEquals("activation failed: java.lang.IllegalStateException: netlink socket refused",
                ComponentStates.details(nicsDescription(), configuration));
    }

    @Test
    void activeComponentSaysWhereItsConfigurationComesFrom() {
        ComponentConfigurationDTO defaults = configuration(ComponentConfigurationDTO.ACTIVE);
        ComponentConfigurationDTO configured = configuration(ComponentConfigurationDTO.ACTIVE);
        configured.properties = Map.of("service.pid", "zos.networkd.nics");

        assertEquals("ACTIVE", ComponentStates.label(defaults.state));
        assertEquals("defaults (no configuration)", ComponentStates.details(nicsDescription(), defaults));
        assertEquals("configured by zos.networkd.nics", ComponentStates.details(nicsDescription(), configured));
    }

    @Test
    void componentWaitingForARequiredConfigurationNamesThePid() {
        ComponentDescriptionDTO description = nicsDescription();
        description.configurationPolicy = "require";

        StatusRow row = ComponentStates.withoutConfiguration("zos.networkd.nics [12]", description, true);
        assertEquals("UNSATISFIED", row.state());
        assertEquals("waiting for configuration zos.networkd.nics (policy require)", row.details());

        StatusRow disabled = ComponentStates.withoutConfiguration("zos.networkd.nics [12]", description, false);
        assertEquals("DISABLED", disabled.state());
    }

    @Test
    void bundleStatesAreNamedAndExplained() {
        assertEquals("RESOLVED", ComponentStates.bundleState(Bundle.RESOLVED));
        assertEquals("INSTALLED", ComponentStates.bundleState(Bundle.INSTALLED));
        assertEquals("resolved but not started (bundle:start 42)", ComponentStates.inactiveBundleDetails(Bundle.RESOLVED, 42));
    }
}
