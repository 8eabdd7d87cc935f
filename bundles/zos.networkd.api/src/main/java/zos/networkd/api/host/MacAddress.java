package zos.networkd.api.host;

import java.util.regex.Pattern;
import java.util.HexFormat;
import java.util.Locale;

/** A link-layer address, kept as lower-case colon-separated hex ({@code 02:00:5e:10:00:01}). */
public record MacAddress(String text) {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){0,31}");

    public MacAddress {
        if (text == null || !FORMAT.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
            throw new IllegalArgumentException("not a link-layer address: '" + text + "'");
        }
        text = text.toLowerCase(Locale.ROOT);
    }

    public static MacAddress parse(String text) {
        return new MacAddress(text);
    }

    public static MacAddress of(byte[] bytes) {
        return new MacAddress(HexFormat.ofDelimiter(":").formatHex(bytes));
    }

    public byte[] bytes() {
        return HexFormat.ofDelimiter(":").parseHex(text);
    }

    /** A 6-byte address with the locally-administered bit set and the multicast bit clear. */
    public boolean isLocallyAdministeredUnicast() {
        byte[] b = bytes();
        return b.length == 6 && (b[0] & 0x02) != 0 && (b[0] & 0x01) == 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
