package zos.networkd.wireguard.internal;

import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.WireguardBackend;

/**
 * What differs between the kernel and wireguard-go: making the bare device in the socket's
 * namespace, applying a {@link ConfigDelta}, reading a {@link DeviceReading}, checking it runs,
 * and destroying it. Placement (moving the interface, addresses, routes) is common and done by
 * {@link WireguardDevices}.
 */
interface Backend {

    WireguardBackend kind();

    /**
     * Creates the bare device named {@code spec.name()} in {@code spec.socketNamespace()}; returns
     * the userspace process, null for a kernel device. Leaves nothing behind when it fails.
     */
    ProcessIdentity create(DeviceSpec spec);

    /** Applies a change; {@code namespace} is where the interface is now (null: the node's own). */
    void apply(DeviceRecord record, String namespace, ConfigDelta delta);

    DeviceReading read(DeviceRecord record, String namespace);

    /** Whether the device of the record runs (the process is the recorded one and answers; the link exists). */
    boolean isRunning(DeviceRecord record);

    /** Removes the device: stops the process or deletes the link. Idempotent. */
    void destroy(DeviceRecord record);
}
