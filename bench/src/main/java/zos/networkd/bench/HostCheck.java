package zos.networkd.bench;

import java.util.List;

import zos.networkd.testlab.HostSnapshot;

/** The last line of a benchmark: whether the namespace it ran from (the machine's own) is as it was. */
final class HostCheck {
    private HostCheck() {
    }

    /** Prints whether anything but other labs' namespaces changed since {@code before}. */
    static void print(HostSnapshot before, String labPrefix) {
        List<String> diff = HostSnapshot.take().ignoringOtherLabs(labPrefix).diff(before.ignoringOtherLabs(labPrefix));
        System.out.println(diff.isEmpty() ? "initial network namespace unchanged: yes"
                : "initial network namespace CHANGED: " + diff);
    }
}
