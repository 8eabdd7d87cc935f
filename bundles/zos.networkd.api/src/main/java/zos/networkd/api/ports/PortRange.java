package zos.networkd.api.ports;

/** An inclusive range of ports: where the node chooses ports for holders that ask for any. */
public record PortRange(int first, int last) {
    public PortRange {
        PortLeases.checkPort(first);
        PortLeases.checkPort(last);
        if (first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last + " is empty");
        }
    }

    /** {@code 30000-39999} or a single port {@code 8101}. */
    public static PortRange parse(String text) {
        String t = text == null ? "" : text.strip();
        int dash = t.indexOf('-');
        try {
            if (dash < 0) {
                int port = Integer.parseInt(t);
                return new PortRange(port, port);
            }
            return new PortRange(Integer.parseInt(t.substring(0, dash).strip()), Integer.parseInt(t.substring(dash + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port or port range: '" + text + "' (expected 8101 or 30000-39999)");
        }
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public int size() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
