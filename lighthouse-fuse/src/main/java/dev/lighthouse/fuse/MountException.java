package dev.lighthouse.fuse;

/** A mount or unmount that cannot be done; the message says where, why and what to do. */
public final class MountException extends RuntimeException {
    public MountException(String message) {
        super(message);
    }
}
