package zos.grid.api.model;

/**
 * A value that breaks the model's rules, naming the field ({@code interfaces[1].mac}) and the reason.
 * The message is {@code field: reason}, as the registry returns it with a 400.
 */
public class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public ValidationException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    /** The same problem seen from an enclosing object: {@code prefix.field} (or {@code prefix[i]...}). */
    public ValidationException under(String prefix) {
        String joined = field.startsWith("[") ? prefix + field : prefix + "." + field;
        return new ValidationException(joined, reason);
    }
}
