package zos.grid.registry.internal;

/**
 * A request the registry refuses, with the HTTP status that says why: 400 (with the field), 401, 403,
 * 404, 409, 413. Thrown before anything is changed.
 */
final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    private RegistryException(int status, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    static RegistryException badRequest(String field, String reason) {
        return new RegistryException(400, field + ": " + reason, field);
    }

    static RegistryException unauthorized(String reason) {
        return new RegistryException(401, reason, null);
    }

    static RegistryException forbidden(String reason) {
        return new RegistryException(403, reason, null);
    }

    static RegistryException notFound(String what) {
        return new RegistryException(404, what, null);
    }

    static RegistryException conflict(String reason) {
        return new RegistryException(409, reason, null);
    }

    static RegistryException tooLarge(String reason) {
        return new RegistryException(413, reason, null);
    }

    static RegistryException unavailable(String reason) {
        return new RegistryException(503, reason, null);
    }

    int status() {
        return status;
    }

    /** The failing field of a 400, else null. */
    String field() {
        return field;
    }
}
