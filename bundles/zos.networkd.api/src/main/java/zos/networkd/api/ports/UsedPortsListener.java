package zos.networkd.api.ports;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard listener: register an implementation as an OSGi service to be told the used ports;
 * called once with the current set when it is first seen, then after each change, in order, never
 * concurrently.
 */
@ConsumerType
@FunctionalInterface
public interface UsedPortsListener {
    void usedPortsChanged(UsedPorts ports);
}
