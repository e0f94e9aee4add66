package dev.lighthouse.fuse;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.cryptomator.jfuse.api.DirFiller;

/**
 * Hands a directory's entries to libfuse without allocating native memory for each. Thread-safe; each call uses its
 * own memory.
 *
 * <p>Why: jfuse's {@link DirFiller#fill} allocates two blocks of native memory for every entry (a zeroed
 * {@code struct stat} and the name as a C string) in the arena of the {@code readdir} call, all freed when it returns:
 * for a 10,000-entry hour, 20,000 allocations and as many cleanup records, most of what the view's own thread spent
 * on a first listing in a new JVM. Here the name is copied into one buffer reused for every entry and the stat
 * pointer is null, which libfuse's {@code fill_dir} takes as "no attributes" (what the zeroed stat said too: the view
 * never fills it, and the kernel asks {@code getattr} anyway). It calls libfuse's own filler, the function pointer
 * jfuse's Linux filler (a record) holds, through one downcall handle made once. Where the filler is not that record
 * (another platform, another jfuse), entries go through {@link DirFiller#fill} as before.
 */
final class DirEntries {
    /** {@code int fuse_fill_dir_t(void *buf, const char *name, const struct stat *stbuf, off_t off, int flags)}. */
    private static final FunctionDescriptor FILL_SIGNATURE = FunctionDescriptor.of(
            ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS,
            ValueLayout.ADDRESS,
            ValueLayout.ADDRESS,
            ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT);

    private static final MethodHandle FILL = Linker.nativeLinker().downcallHandle(FILL_SIGNATURE);

    /** The bytes of the buffer names are copied into: the longest a directory entry has (NAME_MAX) and a NUL. */
    private static final int NAME_BYTES = 256;

    /** jfuse's Linux filler's {@code buf()} and {@code callback()}, per filler class; empty where it has none. */
    private static final ClassValue<Optional<Accessors>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Optional<Accessors> computeValue(Class<?> type) {
            return Accessors.of(type);
        }
    };

    private record Accessors(Method buf, Method callback) {
        static Optional<Accessors> of(Class<?> type) {
            if (!type.isRecord()) {
                return Optional.empty();
            }
            Method buf = null;
            Method callback = null;
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getType() == MemorySegment.class && c.getName().equals("buf")) {
                    buf = c.getAccessor();
                } else if (c.getType() == MemorySegment.class && c.getName().equals("callback")) {
                    callback = c.getAccessor();
                }
            }
            if (buf == null || callback == null) {
                return Optional.empty();
            }
            try {
                buf.setAccessible(true); // the record is package-private in jfuse; its accessors are public
                callback.setAccessible(true);
            } catch (RuntimeException e) {
                return Optional.empty(); // jfuse in a module that does not open it
            }
            return Optional.of(new Accessors(buf, callback));
        }
    }

    private DirEntries() {}

    /** Whether entries for a filler of this class go to libfuse directly. */
    static boolean direct(Class<? extends DirFiller> fillerType) {
        return ACCESSORS.get(fillerType).isPresent();
    }

    /**
     * Fills {@code filler} with {@code .}, {@code ..} and {@code names}, in order, until libfuse's buffer is full.
     *
     * @return whether the entries went to libfuse directly (false: through jfuse's filler)
     */
    static boolean fill(DirFiller filler, Iterable<String> names) {
        Optional<Native> direct = Native.of(filler);
        if (direct.isEmpty()) {
            if (filler.fill(".", s -> {}, 0, 0) == 0 && filler.fill("..", s -> {}, 0, 0) == 0) {
                for (String name : names) {
                    if (filler.fill(name, s -> {}, 0, 0) != 0) {
                        break;
                    }
                }
            }
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(NAME_BYTES);
            Native to = direct.get();
            if (to.fill(arena, name, ".") && to.fill(arena, name, "..")) {
                for (String n : names) {
                    if (!to.fill(arena, name, n)) {
                        break;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Hands {@code names} to a filler that takes every entry and keeps none, through the same code and downcall as a
     * listing's (the function it calls is a Java method here, not libfuse's): see {@link Decisions#warmUp}.
     *
     * @return how many entries the filler took (all of them)
     */
    static int warmUp(Iterable<String> names) {
        int taken = 0;
        try (Arena arena = Arena.ofConfined()) {
            Native to = new Native(TAKE_ALL, MemorySegment.NULL);
            MemorySegment name = arena.allocate(NAME_BYTES);
            for (String n : names) {
                if (to.fill(arena, name, n)) {
                    taken++;
                }
            }
        }
        return taken;
    }

    private static final MemorySegment TAKE_ALL;

    static {
        try {
            TAKE_ALL = Linker.nativeLinker()
                    .upcallStub(
                            MethodHandles.lookup()
                                    .findStatic(
                                            DirEntries.class,
                                            "takeAll",
                                            MethodType.methodType(
                                                    int.class,
                                                    MemorySegment.class,
                                                    MemorySegment.class,
                                                    MemorySegment.class,
                                                    long.class,
                                                    int.class)),
                            FILL_SIGNATURE,
                            Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // called from native code by TAKE_ALL
    private static int takeAll(MemorySegment buf, MemorySegment name, MemorySegment stat, long offset, int flags) {
        return 0;
    }

    /** libfuse's filler and its buffer, as jfuse's Linux filler holds them. */
    private record Native(MemorySegment callback, MemorySegment buf) {
        static Optional<Native> of(DirFiller filler) {
            return ACCESSORS.get(filler.getClass()).flatMap(a -> {
                try {
                    return Optional.of(new Native((MemorySegment) a.callback().invoke(filler), (MemorySegment)
                            a.buf().invoke(filler)));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return Optional.empty();
                }
            });
        }

        /**
         * One entry, its name copied into {@code buffer} (a longer name than it holds gets memory of its own from
         * {@code arena}, as jfuse would give it); whether libfuse took it (false: its buffer is full).
         */
        boolean fill(Arena arena, MemorySegment buffer, String name) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            MemorySegment into = bytes.length < buffer.byteSize() ? buffer : arena.allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, into, ValueLayout.JAVA_BYTE, 0, bytes.length);
            into.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
            try {
                return (int) FILL.invokeExact(callback, buf, into, MemorySegment.NULL, 0L, 0) == 0;
            } catch (Throwable e) {
                throw new IllegalStateException("libfuse's directory filler failed", e);
            }
        }
    }
}
