package zos.grid.registry.internal;

import java.time.Duration;

/**
 * The registry's limits.
 *
 * @param basePath where the API is served, e.g. {@code /grid}
 * @param maxBodyBytes larger bodies are refused with 413
 * @param signatureMaxAge a signature created longer ago is refused (401)
 * @param signatureMaxFuture a signature created further ahead of the server's clock is refused (401)
 * @param maxWait the longest long poll ({@code wait=} seconds)
 */
record RegistrySettings(String basePath, int maxBodyBytes, Duration signatureMaxAge, Duration signatureMaxFuture,
        Duration maxWait) {

    static RegistrySettings defaults() {
        return new RegistrySettings("/grid", 256 * 1024, Duration.ofSeconds(300), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    RegistrySettings {
        if (!basePath.startsWith("/") || basePath.endsWith("/") || basePath.contains("*")) {
            throw new IllegalArgumentException("basePath must start with '/' and not end with '/': " + basePath);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
        }
    }
}
