package zos.grid.api.model;

import java.net.InetAddress;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import zos.networkd.api.host.AddressFamily;
import zos.networkd.api.host.Cidr;
import zos.networkd.api.host.Names;

/** The model's shared rules; each failure names the field. */
final class Check {
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");

    private Check() {
    }

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new ValidationException(field, "missing");
        }
        return value;
    }

    static String name(String field, String value) {
        present(field, value);
        if (!NAME.matcher(value).matches()) {
            throw new ValidationException(field, "must be 1 to 64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    static String hostname(String field, String value) {
        present(field, value);
        if (!HOSTNAME.matcher(value).matches()) {
            throw new ValidationException(field, "not a host name (letters, digits, '.', '-'; at most 253)");
        }
        return value;
    }

    static String printable(String field, String value, int max) {
        present(field, value);
        if (value.length() > max) {
            throw new ValidationException(field, "longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new ValidationException(field, "contains a control character");
            }
        }
        return value;
    }

    static String interfaceName(String field, String value) {
        present(field, value);
        try {
            return Names.checkInterfaceName(value);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, e.getMessage());
        }
    }

    static long positive(String field, long value) {
        if (value <= 0) {
            throw new ValidationException(field, "must be positive, not " + value);
        }
        return value;
    }

    static int port(String field, int value) {
        if (value < 1 || value > 65535) {
            throw new ValidationException(field, "not a port (1 to 65535): " + value);
        }
        return value;
    }

    static Cidr family(String field, Cidr value, AddressFamily family) {
        if (value != null && value.family() != family) {
            throw new ValidationException(field, "must be an " + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6")
                    + " address, not " + value);
        }
        return value;
    }

    static InetAddress family(String field, InetAddress value, AddressFamily family) {
        if (value != null && AddressFamily.of(value) != family) {
            throw new ValidationException(field, "must be an " + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6")
                    + " address");
        }
        return value;
    }

    /** A WireGuard key: base64 of 32 bytes, the way wg(8) prints it. */
    static String wireGuardKey(String field, String value) {
        present(field, value);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, "not base64");
        }
        if (bytes.length != 32) {
            throw new ValidationException(field, "a WireGuard key is 32 bytes, this is " + bytes.length);
        }
        return value;
    }

    static <T> List<T> list(String field, List<T> values, int max) {
        present(field, values);
        if (values.size() > max) {
            throw new ValidationException(field, "more than " + max + " entries");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new ValidationException(field + "[" + i + "]", "missing");
            }
        }
        return List.copyOf(values);
    }
}
