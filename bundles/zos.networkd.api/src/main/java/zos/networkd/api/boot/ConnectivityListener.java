package zos.networkd.api.boot;

import org.osgi.annotation.versioning.ConsumerType;

/** Whiteboard listener: told of every connectivity change, never concurrently. */
@ConsumerType
@FunctionalInterface
public interface ConnectivityListener {
    void connectivityChanged(ConnectivityStatus status);
}
