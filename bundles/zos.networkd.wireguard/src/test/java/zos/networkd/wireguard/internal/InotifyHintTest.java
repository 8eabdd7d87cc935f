package zos.networkd.wireguard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;

/** wireguard-go's "too many open files" at its UAPI socket is the per-user inotify limit: the error says so. */
class InotifyHintTest {
    @Test
    void namesTheLimitAndItsValueOnlyWhenThatIsTheFailure() throws Exception {
        // cat, the independent reader: it reads the whole value in one go
        Process cat = new ProcessBuilder("cat", "/proc/sys/fs/inotify/max_user_instances").start();
        String limit = new String(cat.getInputStream().readAllBytes()).strip();
        assertTrue(limit.matches("\\d+"), limit);
        String hint = UserspaceBackend.inotifyHint("ERROR: (zmw1) Failed to listen on uapi socket: too many open files");
        assertTrue(hint.contains("fs.inotify.max_user_instances is " + limit), hint);
        assertEquals("", UserspaceBackend.inotifyHint("ERROR: (zmw1) Failed to create TUN device: no such device"));
    }
}
