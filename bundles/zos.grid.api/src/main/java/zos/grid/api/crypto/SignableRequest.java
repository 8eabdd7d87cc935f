package zos.grid.api.crypto;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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

    /** A request to {@code target} with these headers (names in any case), as a client builds it. */
    static SignableRequest of(String method, URI target, Map<String, String> headers) {
        Map<String, String> byName = new TreeMap<>();
        headers.forEach((name, value) -> byName.put(name.toLowerCase(Locale.ROOT), value));
        return new SignableRequest() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public String path() {
                String path = target.getRawPath();
                return path == null || path.isEmpty() ? "/" : path;
            }

            @Override
            public String query() {
                return target.getRawQuery();
            }

            @Override
            public String authority() {
                return target.getRawAuthority();
            }

            @Override
            public String header(String name) {
                return byName.get(name.toLowerCase(Locale.ROOT));
            }
        };
    }
}
