package zos.networkd.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import zos.networkd.shell.internal.ComponentStates.StatusRow;

@Service
@Command(scope = "zos", name = "status", description = "Shows the state of every networkd bundle (zos.*) and of its Declarative Services components, with what an unsatisfied or failed component lacks.")
public class StatusCommand implements Action {

    static final String BUNDLE_PREFIX = "zos.";

    @Reference
    BundleContext bundleContext;

    @Reference
    ServiceComponentRuntime scr;

    @Override
    public Object execute() {
        List<StatusRow> rows = collect();
        ShellTable table = new ShellTable();
        table.column("BUNDLE");
        table.column("COMPONENT");
        table.column("STATE");
        table.column("DETAILS");
        for (StatusRow row : rows) {
            table.addRow().addContent(row.bundle(), row.component(), row.state(), row.details());
        }
        table.emptyTableText("no " + BUNDLE_PREFIX + "* bundles installed").print(System.out);
        return null;
    }

    List<StatusRow> collect() {
        List<Bundle> bundles = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name != null && name.startsWith(BUNDLE_PREFIX)) {
                bundles.add(bundle);
            }
        }
        bundles.sort(Comparator.comparing(Bundle::getSymbolicName).thenComparingLong(Bundle::getBundleId));

        List<StatusRow> rows = new ArrayList<>();
        for (Bundle bundle : bundles) {
            String bundleName = bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]";
            if (bundle.getState() != Bundle.ACTIVE) {
                // SCR runs components of ACTIVE bundles only, so there is nothing more to ask it
                rows.add(new StatusRow(bundleName, "-", ComponentStates.bundleState(bundle.getState()),
                        ComponentStates.inactiveBundleDetails(bundle.getState(), bundle.getBundleId())));
                continue;
            }
            Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs(bundle);
            if (descriptions.isEmpty()) {
                rows.add(new StatusRow(bundleName, "-", ComponentStates.ACTIVE, "bundle active, no DS components"));
                continue;
            }
            List<ComponentDescriptionDTO> sorted = new ArrayList<>(descriptions);
            sorted.sort(Comparator.comparing(description -> description.name));
            for (ComponentDescriptionDTO description : sorted) {
                rows.addAll(componentRows(bundleName, description));
            }
        }
        return rows;
    }

    private List<StatusRow> componentRows(String bundleName, ComponentDescriptionDTO description) {
        Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
        if (configurations.isEmpty()) {
            return List.of(ComponentStates.withoutConfiguration(bundleName, description,
                    scr.isComponentEnabled(description)));
        }
        List<ComponentConfigurationDTO> sorted = new ArrayList<>(configurations);
        sorted.sort(Comparator.comparingLong(configuration -> configuration.id));
        return sorted.stream()
                .map(configuration -> new StatusRow(bundleName, description.name,
                        ComponentStates.label(configuration.state),
                        ComponentStates.details(description, configuration)))
                .toList();
    }
}
