package zos.networkd.ports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import zos.networkd.api.ports.LeaseOrigin;
import zos.networkd.api.ports.PortLease;
import zos.networkd.api.ports.PortLeaseException;
import zos.networkd.api.ports.PortRange;

/** The lease rules and their durable file. */
class LeaseBookTest {
    private static final PortRange RANGE = PortRange.parse("30000-30099");
    private static final List<PortRange> RESERVED = List.of(PortRange.parse("8101"), PortRange.parse("30010-30019"));

    @TempDir
    Path dir;

    private LeaseBook open() {
        return new LeaseBook(dir, RANGE, RESERVED, Clock.systemUTC());
    }

    @Test
    void requestedPortsAreLeasedAndRefusedToOthersNamingTheHolder() {
        LeaseBook book = open();
        PortLease a = book.lease("nr-a", 51820, LeaseOrigin.REQUESTED).lease();
        assertEquals(51820, a.port());
        PortLeaseException taken = assertThrows(PortLeaseException.class,
                () -> book.lease("nr-b", 51820, LeaseOrigin.REQUESTED));
        assertEquals(51820, taken.port());
        assertEquals("nr-a", taken.heldBy());
        assertTrue(taken.getMessage().contains("51820") && taken.getMessage().contains("'nr-a'"), taken.getMessage());
        PortLeaseException reserved = assertThrows(PortLeaseException.class,
                () -> book.lease("nr-b", 8101, LeaseOrigin.REQUESTED));
        assertTrue(reserved.getMessage().contains("8101") && reserved.getMessage().contains("reserved"),
                reserved.getMessage());
        assertTrue(book.leaseOf("nr-b").isEmpty(), "nothing leased to a refused holder");
        assertThrows(IllegalArgumentException.class, () -> book.lease("nr-b", 70000, LeaseOrigin.REQUESTED));
        assertThrows(IllegalArgumentException.class, () -> book.lease("bad holder", 1, LeaseOrigin.REQUESTED));
    }

    @Test
    void portZeroIsChosenDeterministicallyAndNeverChangesSilently() throws IOException {
        LeaseBook book = open();
        PortLease chosen = book.lease("nr-x", 0, LeaseOrigin.REQUESTED).lease();
        assertEquals(LeaseOrigin.CHOSEN, chosen.origin());
        assertTrue(RANGE.contains(chosen.port()));
        assertFalse(chosen.port() >= 30010 && chosen.port() <= 30019, "never a reserved port");
        assertEquals(chosen, book.lease("nr-x", 0, LeaseOrigin.REQUESTED).lease(), "asking again keeps it");
        assertFalse(book.lease("nr-x", 0, LeaseOrigin.REQUESTED).changed());

        // another node (an empty book) chooses the same port for the same holder
        Path other = Files.createTempDirectory(dir, "other");
        assertEquals(chosen.port(), new LeaseBook(other, RANGE, RESERVED, Clock.systemUTC())
                .lease("nr-x", 0, LeaseOrigin.REQUESTED).lease().port());

        // an explicit wish of the holder moves it; nothing else does
        PortLease moved = book.lease("nr-x", 30050, LeaseOrigin.REQUESTED).lease();
        assertEquals(30050, moved.port());
        assertTrue(book.holderOf(chosen.port()).isEmpty(), "the old port is free again");
    }

    @Test
    void leasesSurviveReopeningTheBookAndTheFileIsPrivateAndComplete() throws IOException {
        LeaseBook book = open();
        int a = book.lease("nr-a", 0, LeaseOrigin.REQUESTED).lease().port();
        book.lease("nr-b", 51820, LeaseOrigin.REQUESTED);
        book.lease("nr-c", 51821, LeaseOrigin.REQUESTED);
        book.release("nr-c");

        LeaseBook reopened = open(); // what a restart or a reboot finds
        assertEquals(book.leases(), reopened.leases());
        assertEquals(a, reopened.leaseOf("nr-a").orElseThrow().port());
        assertEquals(a, reopened.lease("nr-a", 0, LeaseOrigin.REQUESTED).lease().port(), "the same port after reboot");
        assertTrue(reopened.leaseOf("nr-c").isEmpty());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(book.file())));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(LeaseBook.FILE), files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList(),
                    "no temporary files left");
        }
    }

    @Test
    void fiftyConcurrentLeasesNeverShareAPort() throws Exception {
        LeaseBook book = open();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PortLease>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String holder = "nr-" + i;
            int port = i % 2 == 0 ? 0 : 51000 + (i / 2) % 10; // half choose, half fight over ten ports
            Callable<PortLease> work = () -> {
                start.await();
                try {
                    return book.lease(holder, port, LeaseOrigin.REQUESTED).lease();
                } catch (PortLeaseException e) {
                    return null;
                }
            };
            results.add(pool.submit(work));
        }
        start.countDown();
        Set<Integer> ports = new HashSet<>();
        int granted = 0;
        for (Future<PortLease> f : results) {
            PortLease lease = f.get();
            if (lease != null) {
                granted++;
                assertTrue(ports.add(lease.port()), "port " + lease.port() + " leased twice");
            }
        }
        pool.shutdown();
        assertEquals(25 + 10, granted, "every chooser got a port, exactly one holder per contested port");
        assertEquals(granted, open().leases().size(), "the file holds exactly what was granted");
    }

    @Test
    void exhaustedRangeIsAClearError() {
        LeaseBook tiny = new LeaseBook(dir, PortRange.parse("40000-40001"), List.of(), Clock.systemUTC());
        tiny.lease("a", 0, LeaseOrigin.REQUESTED);
        tiny.lease("b", 0, LeaseOrigin.REQUESTED);
        PortLeaseException full = assertThrows(PortLeaseException.class, () -> tiny.lease("c", 0, LeaseOrigin.REQUESTED));
        assertTrue(full.getMessage().contains("40000-40001"), full.getMessage());
    }
}
