package zos.networkd.api.host;

/**
 * A host networking operation the kernel (or a precondition) refused. The message names the
 * operation, the object and the namespace, then the kernel's errno text and extended-ack message,
 * e.g. {@code create bridge 'b-x' in netns 'n-a': File exists (EEXIST)}.
 */
public class HostNetworkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errno;
    private final String errnoName;
    private final String kernelMessage;

    /**
     * @param operation what was being done to what, e.g. {@code "create bridge 'b-x' in netns 'n-a'"}
     * @param errno the kernel's errno, 0 when the failure is not one
     * @param errnoName symbolic name, e.g. {@code EEXIST}
     * @param errnoText the C library's text for it, e.g. {@code File exists}
     * @param kernelMessage the netlink extended acknowledgement, null when none
     */
    public HostNetworkException(String operation, int errno, String errnoName, String errnoText, String kernelMessage) {
        super(compose(operation, errnoName, errnoText, kernelMessage));
        this.operation = operation;
        this.errno = errno;
        this.errnoName = errnoName;
        this.kernelMessage = kernelMessage;
    }

    /** A failure that is not a kernel errno (a precondition, a safety switch). */
    public HostNetworkException(String operation, String reason) {
        super(operation + ": " + reason);
        this.operation = operation;
        this.errno = 0;
        this.errnoName = null;
        this.kernelMessage = null;
    }

    private static String compose(String operation, String errnoName, String errnoText, String kernelMessage) {
        StringBuilder s = new StringBuilder(operation).append(": ").append(errnoText);
        if (errnoName != null) {
            s.append(" (").append(errnoName).append(')');
        }
        if (kernelMessage != null && !kernelMessage.isBlank()) {
            s.append(": ").append(kernelMessage);
        }
        return s.toString();
    }

    public String operation() {
        return operation;
    }

    /** The kernel's errno, 0 when the failure did not come from the kernel. */
    public int errno() {
        return errno;
    }

    public String errnoName() {
        return errnoName;
    }

    /** The kernel's extended-ack message, or null. */
    public String kernelMessage() {
        return kernelMessage;
    }

    public boolean isErrno(String name) {
        return name.equals(errnoName);
    }
}
