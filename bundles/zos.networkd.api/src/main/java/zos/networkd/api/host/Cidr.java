package zos.networkd.api.host;

import java.util.regex.Pattern;
import java.math.BigInteger;
import java.net.InetAddress;

/**
 * An IP address with a prefix length: {@code 10.1.2.3/24}, {@code 2001:db8::1/64}. The address is
 * kept as given (an interface address); {@link #network()} gives the masked prefix.
 */
public record Cidr(InetAddress address, int prefixLength) {
    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

    public Cidr {
        if (address == null) {
            throw new IllegalArgumentException("CIDR without address");
        }
        int max = AddressFamily.of(address).maxPrefixLength();
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " out of 0.." + max + " for " + IpAddresses.format(address));
        }
    }

    /** Parses {@code address/prefix}; a bare address gets the full-length prefix. */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("empty CIDR");
        }
        int slash = text.indexOf('/');
        InetAddress address = IpAddresses.parse(slash < 0 ? text : text.substring(0, slash));
        if (slash < 0) {
            return new Cidr(address, AddressFamily.of(address).maxPrefixLength());
        }
        String prefix = text.substring(slash + 1);
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("bad prefix length in '" + text + "'");
        }
        try {
            return new Cidr(address, Integer.parseInt(prefix));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad CIDR '" + text + "': " + e.getMessage());
        }
    }

    public static Cidr of(String address, int prefixLength) {
        return new Cidr(IpAddresses.parse(address), prefixLength);
    }

    /** The default route's destination of a family: {@code 0.0.0.0/0} or {@code ::/0}. */
    public static Cidr anyOf(AddressFamily family) {
        return new Cidr(IpAddresses.fromBytes(new byte[family.addressLength()]), 0);
    }

    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    public boolean isDefault() {
        return prefixLength == 0;
    }

    /** The prefix with host bits cleared. */
    public Cidr network() {
        byte[] bytes = address.getAddress();
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new Cidr(IpAddresses.fromBytes(bytes), prefixLength);
    }

    public boolean contains(InetAddress other) {
        if (AddressFamily.of(other) != family()) {
            return false;
        }
        return new Cidr(other, prefixLength).network().equals(network());
    }

    public boolean contains(Cidr other) {
        return other.prefixLength >= prefixLength && contains(other.address);
    }

    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** The address {@code offset} places after the network address, e.g. {@code .1} for the gateway. */
    public InetAddress host(long offset) {
        byte[] net = network().address.getAddress();
        BigInteger value = new BigInteger(1, net).add(BigInteger.valueOf(offset));
        byte[] raw = value.toByteArray();
        byte[] out = new byte[net.length];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        InetAddress result = IpAddresses.fromBytes(out);
        if (!contains(result)) {
            throw new IllegalArgumentException("offset " + offset + " outside " + this);
        }
        return result;
    }

    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + prefixLength;
    }
}
