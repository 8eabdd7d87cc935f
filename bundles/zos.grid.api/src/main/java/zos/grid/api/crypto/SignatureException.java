package zos.grid.api.crypto;

/** A request signature that does not hold: missing, malformed, stale, or not matching. Says why. */
public class SignatureException extends Exception {
    private static final long serialVersionUID = 1L;

    public SignatureException(String reason) {
        super(reason);
    }
}
