package zos.networkd.netlink.internal;

import java.util.Map;

import com.sun.jna.LastErrorException;

import zos.networkd.api.host.HostNetworkException;

/** Turns an errno into the exception the API promises: operation, symbolic name, C text, extended ack. */
final class Errno {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"), Map.entry(9, "EBADF"),
            Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"), Map.entry(16, "EBUSY"),
            Map.entry(17, "EEXIST"), Map.entry(18, "EXDEV"), Map.entry(19, "ENODEV"), Map.entry(20, "ENOTDIR"),
            Map.entry(21, "EISDIR"), Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"),
            Map.entry(28, "ENOSPC"), Map.entry(30, "EROFS"), Map.entry(34, "ERANGE"), Map.entry(36, "ENAMETOOLONG"),
            Map.entry(39, "ENOTEMPTY"), Map.entry(61, "ENODATA"), Map.entry(71, "EPROTO"), Map.entry(75, "EOVERFLOW"),
            Map.entry(90, "EMSGSIZE"), Map.entry(93, "EPROTONOSUPPORT"), Map.entry(95, "EOPNOTSUPP"),
            Map.entry(97, "EAFNOSUPPORT"), Map.entry(98, "EADDRINUSE"), Map.entry(99, "EADDRNOTAVAIL"),
            Map.entry(100, "ENETDOWN"), Map.entry(101, "ENETUNREACH"), Map.entry(105, "ENOBUFS"),
            Map.entry(107, "ENOTCONN"), Map.entry(110, "ETIMEDOUT"), Map.entry(111, "ECONNREFUSED"),
            Map.entry(113, "EHOSTUNREACH"), Map.entry(114, "EALREADY"), Map.entry(115, "EINPROGRESS"));

    private Errno() {
    }

    static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    static String text(int errno) {
        String text = Libc.strerror(errno);
        return text == null ? "error " + errno : text;
    }

    static HostNetworkException failure(String operation, int errno, String kernelMessage) {
        return new HostNetworkException(operation, errno, name(errno), text(errno), kernelMessage);
    }

    static HostNetworkException failure(String operation, LastErrorException e) {
        return failure(operation, e.getErrorCode(), null);
    }
}
