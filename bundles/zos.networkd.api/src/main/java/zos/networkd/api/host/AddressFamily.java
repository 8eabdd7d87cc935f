package zos.networkd.api.host;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** IP address families, with their kernel codes ({@code AF_INET}, {@code AF_INET6}). */
public enum AddressFamily {
    IPV4(2, 4, 32), IPV6(10, 16, 128);

    private final int code;
    private final int addressLength;
    private final int maxPrefixLength;

    AddressFamily(int code, int addressLength, int maxPrefixLength) {
        this.code = code;
        this.addressLength = addressLength;
        this.maxPrefixLength = maxPrefixLength;
    }

    public int code() {
        return code;
    }

    public int addressLength() {
        return addressLength;
    }

    public int maxPrefixLength() {
        return maxPrefixLength;
    }

    public static AddressFamily of(InetAddress address) {
        if (address instanceof Inet4Address) {
            return IPV4;
        }
        if (address instanceof Inet6Address) {
            return IPV6;
        }
        throw new IllegalArgumentException("not an IP address: " + address);
    }

    public static AddressFamily ofCode(int code) {
        for (AddressFamily f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown address family " + code);
    }
}
