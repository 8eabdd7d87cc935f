package zos.networkd.testlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitTest {
    @Test
    void returnsOnceTheConditionHoldsAndTreatsExceptionsAsNotYet() {
        AtomicInteger calls = new AtomicInteger();
        Wait.until(Duration.ofSeconds(5), Duration.ofMillis(1), () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("not yet");
            }
            return calls.get() >= 5;
        }, "the fifth call");
        assertEquals(5, calls.get());
    }

    @Test
    void timesOutNamingWhatAndTheLastException() {
        AssertionError failure = assertThrows(AssertionError.class, () -> Wait.until(Duration.ofMillis(100),
                Duration.ofMillis(10), () -> {
                    throw new IOException("still broken");
                }, "the link shows up"));
        assertTrue(failure.getMessage().contains("the link shows up"), failure.getMessage());
        assertInstanceOf(IOException.class, failure.getCause());
    }

    @Test
    void evaluatesOnceMoreAtTheDeadline() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(AssertionError.class, () -> Wait.until(Duration.ofMillis(50), Duration.ofSeconds(10),
                () -> calls.incrementAndGet() < 0, "never"));
        assertEquals(2, calls.get(), "once at the start, once at the deadline");
    }
}
