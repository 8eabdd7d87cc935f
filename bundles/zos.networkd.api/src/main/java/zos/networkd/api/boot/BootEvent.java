package zos.networkd.api.boot;

import java.time.Instant;

/** One line of the boot timeline. */
public record BootEvent(Instant at, String message) {
}
