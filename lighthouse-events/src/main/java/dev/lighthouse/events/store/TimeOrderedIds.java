package dev.lighthouse.events.store;

import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that starts at a random value each
 * millisecond (method 1 of the RFC), then 62 random bits. Ids from one generator strictly increase; ids from
 * different nodes or restarts collide only with the odds of 62 random bits. Not thread-safe: the store's writer
 * thread owns it.
 */
final class TimeOrderedIds {
    private final RandomGenerator random;
    private long lastMillis = -1;
    private int counter;

    TimeOrderedIds(RandomGenerator random) {
        this.random = random;
    }

    UUID next(long epochMillis) {
        long millis = Math.max(epochMillis, lastMillis);
        if (millis != lastMillis) {
            counter = random.nextInt(0x800); // leave room to count up within the millisecond
        } else if (++counter > 0xFFF) {
            millis++;
            counter = random.nextInt(0x800);
        }
        lastMillis = millis;
        long msb = (millis << 16) | 0x7000L | counter;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
