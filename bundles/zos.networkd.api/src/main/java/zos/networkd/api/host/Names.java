package zos.networkd.api.host;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Validation of the names the kernel accepts for interfaces and named network namespaces. */
public final class Names {
    /** IFNAMSIZ - 1. */
    public static final int MAX_INTERFACE_NAME = 15;
    /** A named namespace is a file under /var/run/netns; keep names short and plain. */
    public static final int MAX_NAMESPACE_NAME = 64;

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private Names() {
    }

    /** Throws {@link IllegalArgumentException} naming the problem unless the kernel accepts {@code name} as an interface name. */
    public static String checkInterfaceName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty interface name");
        }
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_INTERFACE_NAME) {
            throw new IllegalArgumentException("interface name '" + name + "' is " + length
                    + " bytes, the kernel allows " + MAX_INTERFACE_NAME);
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("interface name '" + name + "' is reserved");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(
                        "interface name '" + name + "' contains '" + c + "' (allowed: printable ASCII without '/', ':' and spaces)");
            }
        }
        return name;
    }

    /** Throws {@link IllegalArgumentException} unless {@code name} is a safe named-namespace name. */
    public static String checkNamespaceName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty network namespace name");
        }
        if (name.length() > MAX_NAMESPACE_NAME) {
            throw new IllegalArgumentException("network namespace name '" + name + "' is longer than " + MAX_NAMESPACE_NAME);
        }
        if (!NAMESPACE.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "network namespace name '" + name + "' may hold only letters, digits, '_', '.', '-'");
        }
        return name;
    }
}
