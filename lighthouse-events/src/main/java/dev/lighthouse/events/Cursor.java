package dev.lighthouse.events;

/** Where the next page of a query starts: after the event at {@code afterSeq}. Its text form is the seq. */
public record Cursor(long afterSeq) {
    public Cursor {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("a cursor's seq is never negative, got " + afterSeq);
        }
    }

    public static Cursor parse(String text) {
        try {
            return new Cursor(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a cursor is the seq a page ended at, e.g. 1200; got \"" + text + "\"");
        }
    }

    @Override
    public String toString() {
        return Long.toString(afterSeq);
    }
}
