package zos.networkd.api.wireguard;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * WireGuard devices of the node, through one backend (kernel or userspace) chosen where the
 * service starts. Devices outlive the service: a restart or update of the implementation adopts
 * them as they run.
 *
 * <p>Every change validates first and leaves nothing behind when it fails. Errors are
 * {@link IllegalArgumentException} for bad input and {@link WireguardException} for a device that
 * could not be made or changed; both name the device.
 */
@ProviderType
public interface WireguardService {

    /** The backend this service runs devices with. */
    WireguardBackend backend();

    /**
     * Creates the device where {@code spec} says, configures it, brings it up and returns its
     * state. Refuses a name already used on this machine (by a device of ours, a userspace control
     * socket, or a link in either namespace).
     */
    DeviceState create(DeviceSpec spec, DeviceConfig config);

    /**
     * Brings a device to {@code config}, changing only what differs: peers are added, removed or
     * updated in place (their sessions are kept), nothing is flushed.
     */
    DeviceState configure(String name, DeviceConfig config);

    /** {@link #configure} with the device's current key, port and fwmark and these peers. */
    DeviceState setPeers(String name, List<PeerConfig> peers);

    /** What the device reports now. Throws {@link WireguardException} when the device is not ours or unreadable. */
    DeviceState state(String name);

    /** The configuration last applied (including the private key: for the owner, never for display). */
    DeviceConfig config(String name);

    /** Names of this service's devices, sorted. */
    List<String> names();

    boolean exists(String name);

    /** Removes the interface, and for userspace the process and its control socket. */
    void delete(String name);
}
