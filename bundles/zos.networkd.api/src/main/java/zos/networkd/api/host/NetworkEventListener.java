package zos.networkd.api.host;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the events of one {@link NetworkNamespace#subscribe subscription}, in kernel order, on its own thread. */
@ConsumerType
@FunctionalInterface
public interface NetworkEventListener {
    void onEvent(NetworkEvent event);
}
