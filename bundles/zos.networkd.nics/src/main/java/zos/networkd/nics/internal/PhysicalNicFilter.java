package zos.networkd.nics.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import zos.networkd.api.host.Link;

/**
 * Which links count as the node's own NICs: a kind among {@code kinds} ({@code device} for
 * hardware) and a name matching one of the {@code names} globs ({@code *}, {@code ?}). On a node
 * that is the hardware NICs; in the lab, veths named {@code eth*}.
 */
record PhysicalNicFilter(List<String> kinds, List<String> names, List<Pattern> namePatterns) {

    static PhysicalNicFilter of(String[] kinds, String[] names) {
        List<String> kindList = clean(kinds);
        List<String> nameList = clean(names);
        if (kindList.isEmpty()) {
            throw new IllegalArgumentException("physicalKinds is empty: no link could count as a NIC");
        }
        if (nameList.isEmpty()) {
            throw new IllegalArgumentException("physicalNames is empty: no link could count as a NIC");
        }
        return new PhysicalNicFilter(kindList, nameList, nameList.stream().map(PhysicalNicFilter::glob).toList());
    }

    private static List<String> clean(String[] values) {
        if (values == null) {
            return List.of();
        }
        // Karaf's .cfg files hand a comma-separated value over as one string
        return java.util.Arrays.stream(values).flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    boolean isPhysical(Link link) {
        return !link.isLoopback() && kinds.contains(link.kind().toLowerCase(Locale.ROOT))
                && namePatterns.stream().anyMatch(p -> p.matcher(link.name()).matches());
    }

    @Override
    public String toString() {
        return "kinds " + kinds + ", names " + names;
    }
}
