package dev.lighthouse.policy.facts;

import java.util.Locale;

/** What an operation does to its target path. */
public enum OpKind {
    /** Reads the file (cat, cp source, Read tool, upload). */
    READ,
    /** Creates, replaces, appends to or truncates the file (redirects, cp/mv destination, sed -i, Write, Edit). */
    WRITE,
    /** Removes the file or tree (rm, find -delete, shred, mv source, rsync --delete destination). */
    DELETE,
    /** Changes permission bits. */
    CHMOD,
    /** Changes owner or group. */
    CHOWN,
    /** Formats, partitions or wipes a device or file system (mkfs, fdisk, wipefs). */
    FORMAT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
