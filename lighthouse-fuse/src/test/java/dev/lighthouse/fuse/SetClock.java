package dev.lighthouse.fuse;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves: the event store stamps events with it, so a test can make decisions in chosen hours. */
final class SetClock extends Clock {
    private volatile Instant now;

    SetClock(Instant start) {
        this.now = start;
    }

    void set(Instant to) {
        now = to;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
