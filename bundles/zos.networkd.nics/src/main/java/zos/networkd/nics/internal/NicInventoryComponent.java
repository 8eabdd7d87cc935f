package zos.networkd.nics.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import zos.networkd.api.host.HostNetworking;
import zos.networkd.api.nics.Nic;
import zos.networkd.api.nics.NicChange;
import zos.networkd.api.nics.NicInventory;
import zos.networkd.api.nics.NicListener;

/**
 * The NIC inventory of the node's own namespace as an OSGi service. Listeners register as
 * {@link NicListener} services (whiteboard): each gets the current inventory when it appears,
 * then every change. It only reads: it changes nothing in the kernel.
 */
// immediate: the inventory runs (and tells listeners) even before anyone asks the service for it
@Component(name = "zos.networkd.nics", service = NicInventory.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NicInventoryComponent.Config.class)
public class NicInventoryComponent implements NicInventory {
    private static final Logger LOG = LoggerFactory.getLogger(NicInventoryComponent.class);

    @ObjectClassDefinition(id = "zos.networkd.nics", name = "zos networkd: NIC discovery",
            description = "Which links of the node count as its own NICs.")
    public @interface Config {
        @AttributeDefinition(name = "Physical kinds", description = "Link kinds that count as NICs: 'device' "
                + "for hardware (no rtnl kind), or kinds such as 'veth' (the lab's NICs).")
        String[] physicalKinds() default {"device"};

        @AttributeDefinition(name = "Physical names", description = "Name globs ('*', '?') a NIC's name must "
                + "match, e.g. 'eth*,enp*'.")
        String[] physicalNames() default {"*"};
    }

    @Reference
    private HostNetworking host;

    private final Set<NicListener> listeners = new CopyOnWriteArraySet<>();
    private volatile NicTracker tracker;

    @Activate
    void activate(Config config) {
        PhysicalNicFilter filter = PhysicalNicFilter.of(config.physicalKinds(), config.physicalNames());
        NicTracker started = new NicTracker(host.ownNamespace(), filter, this::publish);
        started.start();
        synchronized (this) {
            tracker = started;
            // listeners bound before activation get the first inventory now
            listeners.forEach(this::sendCurrent);
        }
        LOG.info("NIC inventory active: {} NICs, {} physical ({})", started.nics().size(), physicalNics().size(), filter);
    }

    @Modified
    void modified(Config config) {
        PhysicalNicFilter filter = PhysicalNicFilter.of(config.physicalKinds(), config.physicalNames());
        tracker.changeFilter(filter);
        LOG.info("NIC inventory now counts as physical: {}", filter);
    }

    @Deactivate
    void deactivate() {
        NicTracker stopping = tracker;
        tracker = null;
        if (stopping != null) {
            stopping.close();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addListener(NicListener listener) {
        listeners.add(listener);
        if (tracker != null) {
            sendCurrent(listener);
        }
    }

    void removeListener(NicListener listener) {
        listeners.remove(listener);
    }

    /** Queued on the tracker's thread, so the listener sees the current inventory before any later change. */
    private void sendCurrent(NicListener listener) {
        NicTracker t = tracker;
        t.execute(() -> {
            List<Nic> nics = t.nics();
            Set<String> names = nics.stream().map(Nic::name).collect(java.util.stream.Collectors.toSet());
            notify(listener, new NicChange(nics, names, Set.of(), Set.of(), t.generation()));
        });
    }

    private void publish(NicChange change) {
        listeners.forEach(l -> notify(l, change));
    }

    private static void notify(NicListener listener, NicChange change) {
        try {
            listener.nicsChanged(change);
        } catch (RuntimeException e) {
            LOG.warn("NIC listener {} failed", listener, e);
        }
    }

    private NicTracker tracker() {
        NicTracker t = tracker;
        if (t == null) {
            throw new IllegalStateException("NIC inventory is not active");
        }
        return t;
    }

    @Override
    public List<Nic> nics() {
        return tracker().nics();
    }

    @Override
    public List<Nic> physicalNics() {
        return tracker().nics().stream().filter(Nic::physical).toList();
    }

    @Override
    public Optional<Nic> nic(String name) {
        return Optional.ofNullable(tracker().nic(name));
    }

    @Override
    public long generation() {
        return tracker().generation();
    }
}
