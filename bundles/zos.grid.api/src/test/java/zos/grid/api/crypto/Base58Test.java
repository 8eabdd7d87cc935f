package zos.grid.api.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class Base58Test {

    @Test
    void knownVectors() {
        assertEquals("StV1DL6CwTryKyV", Base58.encode("hello world".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("1112", Base58.encode(new byte[] {0, 0, 0, 1}));
        assertArrayEquals(new byte[] {0, 0, 0, 1}, Base58.decode("1112"));
        assertEquals("", Base58.encode(new byte[0]));
    }

    @Test
    void roundTripsRandomBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[1 + random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = 0;
            }
            assertArrayEquals(bytes, Base58.decode(Base58.encode(bytes)));
        }
    }

    @Test
    void rejectsLookAlikesNamingThePosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base58.decode("abc0def"));
        assertTrue(e.getMessage().contains("'0' at 3"), e.getMessage());
    }

    @Test
    void keyIdIsStableAndChecked() {
        SigningKey key = SigningKey.fromSeed(new byte[32]);
        KeyId id = key.id();
        assertEquals(id, KeyId.parse(id.text()));
        assertEquals(id, SigningKey.fromSeed(new byte[32]).id());
        assertArrayEquals(id.publicKey(), Base58.decode(id.text()));
        assertThrows(IllegalArgumentException.class, () -> KeyId.parse("StV1DL6CwTryKyV"));
        assertThrows(IllegalArgumentException.class, () -> KeyId.parse("1" + id.text()));
        assertTrue(key.toString().contains(id.text()));
    }
}
