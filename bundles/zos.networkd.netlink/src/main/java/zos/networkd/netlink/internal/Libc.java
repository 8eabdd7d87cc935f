package zos.networkd.netlink.internal;

import java.nio.ByteBuffer;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library calls host networking needs, bound with JNA direct mapping (no per-call
 * reflection). Every call that can fail throws {@link LastErrorException} carrying errno.
 */
final class Libc {
    static {
        Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME, Libc.class.getClassLoader()));
    }

    private Libc() {
    }

    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SO_RCVBUFFORCE = 33;
    static final int MSG_TRUNC = 0x20;

    static final int O_RDONLY = 0;
    static final int O_CREAT = 0x40;
    static final int O_EXCL = 0x80;
    static final int O_CLOEXEC = 0x80000;

    static final int CLONE_NEWNET = 0x40000000;
    static final long MS_BIND = 4096;
    static final long MS_REC = 16384;
    static final long MS_SHARED = 1 << 20;
    static final int MNT_DETACH = 2;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int ENOBUFS = 105;

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

    static native int getsockname(int fd, byte[] address, int[] addressLength) throws LastErrorException;

    static native int setsockopt(int fd, int level, int option, byte[] value, int length) throws LastErrorException;

    static native long sendto(int fd, ByteBuffer buffer, long length, int flags, byte[] address, int addressLength)
            throws LastErrorException;

    static native long recv(int fd, ByteBuffer buffer, long length, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int setns(int fd, int namespaceType) throws LastErrorException;

    static native int unshare(int flags) throws LastErrorException;

    static native int mount(String source, String target, String fileSystemType, long flags, Pointer data)
            throws LastErrorException;

    static native int umount2(String target, int flags) throws LastErrorException;

    static native int unlink(String path) throws LastErrorException;

    static native int stat(String path, byte[] statBuffer) throws LastErrorException;

    /** {@code struct stat} is 144 bytes on x86_64 and 128 on arm64; st_ino is at offset 8 on both. */
    static final int STAT_SIZE = 256;
    static final int STAT_INO_OFFSET = 8;

    static native String strerror(int errno);
}
