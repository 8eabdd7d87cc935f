package zos.networkd.wireguard.internal;

import zos.networkd.api.wireguard.DeviceConfig;
import zos.networkd.api.wireguard.DeviceSpec;
import zos.networkd.api.wireguard.WireguardBackend;

/**
 * What this bundle keeps about one device, in its own file: enough to adopt the device after an
 * update or to build it again after a crash or reboot.
 *
 * @param spec where it lives
 * @param backend which backend made it
 * @param config the configuration last applied (holds the private key: the file is 0600)
 * @param pid the wireguard-go process, 0 for a kernel device or before it started
 * @param startTime the process's start time in clock ticks since boot (/proc/PID/stat field 22), so
 *        that a reused PID is never taken for ours
 */
record DeviceRecord(DeviceSpec spec, WireguardBackend backend, DeviceConfig config, long pid, long startTime) {

    String name() {
        return spec.name();
    }

    DeviceRecord withConfig(DeviceConfig newConfig) {
        return new DeviceRecord(spec, backend, newConfig, pid, startTime);
    }

    DeviceRecord withProcess(ProcessIdentity process) {
        return new DeviceRecord(spec, backend, config, process == null ? 0 : process.pid(),
                process == null ? 0 : process.startTime());
    }

    ProcessIdentity process() {
        return pid == 0 ? null : new ProcessIdentity(pid, startTime);
    }
}
