package dev.lighthouse.fuse;

import java.time.Instant;

/** What a path in the view is: a directory, a file with known content, a symlink, a live stream or a verdict slot. */
sealed interface Node {
    Instant mtime();

    /** A directory whose entries a {@link Folder} lists. */
    record Dir(Folder folder, Instant mtime) implements Node {}

    /** A read-only file; its size is its content's length. */
    record Blob(byte[] content, Instant mtime) implements Node {}

    /** A symbolic link to a path relative to the link's directory. */
    record Link(String target, Instant mtime) implements Node {}

    /** An endless file: one JSON line per event as the bridge pushes it. */
    record Tail(StreamBuffer stream) implements Node {
        @Override
        public Instant mtime() {
            return stream.mtime();
        }
    }

    /** The writable {@code verdict} of a pending review: {@code approve} or {@code deny: reason} casts a vote. */
    record Ballot(String review, Instant mtime) implements Node {}
}
