package dev.lighthouse.fuse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The growing content of one {@code streams/} file: every line appended since the mount, readable at any offset still
 * held. At most {@code capacity} bytes are held; older bytes read back as newlines (a reader such as {@code tail -f}
 * only reads the end). Thread-safe.
 */
final class StreamBuffer {
    private final int capacity;
    private byte[] bytes = new byte[4096];
    private int length;
    private long dropped;
    private volatile Instant mtime;

    StreamBuffer(int capacity, Instant created) {
        this.capacity = capacity;
        this.mtime = created;
    }

    /** Appends one line (a newline is added) stamped with the event's time. */
    synchronized void append(String line, Instant at) {
        byte[] add = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (length + add.length > bytes.length) {
            if (length + add.length > capacity) {
                int drop = Math.min(length, Math.max(length / 2, length + add.length - capacity));
                System.arraycopy(bytes, drop, bytes, 0, length - drop);
                length -= drop;
                dropped += drop;
            }
            if (length + add.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + add.length));
            }
        }
        System.arraycopy(add, 0, bytes, length, add.length);
        length += add.length;
        mtime = at.isAfter(mtime) ? at : mtime;
    }

    synchronized long size() {
        return dropped + length;
    }

    Instant mtime() {
        return mtime;
    }

    /** Up to {@code count} bytes from {@code offset}; an empty array at the end. */
    synchronized byte[] read(long offset, int count) {
        long end = Math.min(size(), offset + count);
        if (offset >= end) {
            return new byte[0];
        }
        byte[] out = new byte[(int) (end - offset)];
        int gap = (int) Math.max(0, Math.min(out.length, dropped - offset));
        Arrays.fill(out, 0, gap, (byte) '\n');
        if (gap < out.length) {
            System.arraycopy(bytes, (int) (offset + gap - dropped), out, gap, out.length - gap);
        }
        return out;
    }
}
