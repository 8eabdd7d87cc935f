package zos.networkd.api.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parsing of IP address literals. Never resolves names: a name is an error, not a DNS lookup. */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    /** Parses an IPv4 or IPv6 literal; throws {@link IllegalArgumentException} naming the text otherwise. */
    public static InetAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty IP address");
        }
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
                }
                bytes[i] = (byte) octet;
            }
            return fromBytes(bytes);
        }
        if (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()) {
            try {
                // a literal with ':' never triggers a name lookup
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
            }
        }
        throw new IllegalArgumentException("not an IP address: '" + text + "'");
    }

    public static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
        }
    }

    /** The address as text without host name or zone: {@code 192.0.2.1}, {@code 2001:db8::1}. */
    public static String format(InetAddress address) {
        if (address.getAddress().length == 4) {
            return address.getHostAddress();
        }
        return formatIpv6(address.getAddress());
    }

    /** RFC 5952 canonical text (the longest run of zero groups compressed), as {@code ip} prints it. */
    private static String formatIpv6(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8;) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength && j - i >= 2) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        // IPv4-mapped addresses keep their dotted tail, as ip prints them
        boolean mapped = bestStart == 0 && bestLength == 5 && groups[5] == 0xffff;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < (mapped ? 6 : 8); i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            out.append(Integer.toHexString(groups[i]));
            if (i < 7 && !(mapped && i == 5)) {
                out.append(':');
            }
        }
        if (mapped) {
            out.append(':').append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.')
                    .append(b[14] & 0xff).append('.').append(b[15] & 0xff);
        }
        return out.toString();
    }
}
