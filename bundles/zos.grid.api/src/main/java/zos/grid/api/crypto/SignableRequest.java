package zos.grid.api.crypto;

/**
 * The parts of an HTTP request a signature can cover (RFC 9421 §2): the derived components and the
 * header fields. Values are taken as they are on the wire (path and query still percent-encoded).
 */
public interface SignableRequest {

    /** {@code GET}, {@code POST}... */
    String method();

    /** The absolute path as sent, e.g. {@code /grid/nodes/7Xq3}; never empty. */
    String path();

    /** The query without its {@code ?}, as sent; null when the target has none. */
    String query();

    /** {@code host[:port]}, lower case, without a default port; null when unknown. */
    String authority();

    /** The field value of a header (several lines combined with {@code ", "}); null when absent. */
    String header(String name);
}
