package zos.networkd.wireguard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** wireguard-go's "too many open files" at its UAPI socket is the per-user inotify limit: the error says so. */
class InotifyHintTest {
    @Test
    void namesTheLimitAndItsValueOnlyWhenThatIsTheFailure() throws Exception {
        String limit = Files.readString(Path.of("/proc/sys/fs/inotify/max_user_instances")).strip();
        String hint = UserspaceBackend.inotifyHint("ERROR: (zmw1) Failed to listen on uapi socket: too many open files");
        assertTrue(hint.contains("fs.inotify.max_user_instances is " + limit), hint);
        assertEquals("", UserspaceBackend.inotifyHint("ERROR: (zmw1) Failed to create TUN device: no such device"));
    }
}
