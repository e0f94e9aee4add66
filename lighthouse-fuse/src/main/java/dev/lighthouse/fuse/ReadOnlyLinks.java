package dev.lighthouse.fuse;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import org.cryptomator.jfuse.api.Fuse;

/**
 * Makes {@code ln} and {@code mkfifo} in the view fail with {@code EROFS}, as every other change does.
 *
 * <p>Why: jfuse (0.7.3, the newest) names no {@code link} or {@code mknod} operation a filesystem can implement, so
 * libfuse found none and the kernel answered {@code EPERM} for a hard link and {@code ENOSYS} for a FIFO. libfuse 3's
 * {@code struct fuse_operations} is a stable table of function pointers ({@code mknod} the third, {@code link} the
 * ninth); jfuse fills it in {@link Fuse}'s protected {@code fuseOperationsStruct} before mounting, leaving those two
 * null. Here they get two functions that refuse, before the mount hands the table to libfuse. Where the field cannot
 * be read (another jfuse), nothing changes but a log line.
 */
final class ReadOnlyLinks {
    private static final long MKNOD = 2 * ValueLayout.ADDRESS.byteSize();
    private static final long LINK = 8 * ValueLayout.ADDRESS.byteSize();

    /** Linux's EROFS, what both functions answer (negated, as libfuse's operations do). */
    private static volatile int refusal;

    private static final MemorySegment REFUSE_MKNOD = upcall(
            "refuseMknod",
            MethodType.methodType(int.class, MemorySegment.class, int.class, long.class),
            FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MemorySegment REFUSE_LINK = upcall(
            "refuseLink",
            MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private ReadOnlyLinks() {}

    /**
     * Binds {@code link} and {@code mknod} of {@code fuse}, not yet mounted, to answer {@code -erofs}.
     *
     * @return whether they were bound (false: this jfuse keeps its table elsewhere)
     */
    static boolean bind(Fuse fuse, int erofs) {
        MemorySegment table;
        try {
            Field field = Fuse.class.getDeclaredField("fuseOperationsStruct");
            field.setAccessible(true); // protected in jfuse's API: filled by its platform's subclass
            table = (MemorySegment) field.get(fuse);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
        if (table == null || table.byteSize() < LINK + ValueLayout.ADDRESS.byteSize()) {
            return false;
        }
        refusal = -erofs;
        table.set(ValueLayout.ADDRESS, MKNOD, REFUSE_MKNOD);
        table.set(ValueLayout.ADDRESS, LINK, REFUSE_LINK);
        return true;
    }

    @SuppressWarnings("unused") // called by libfuse through REFUSE_MKNOD
    private static int refuseMknod(MemorySegment path, int mode, long device) {
        return refusal;
    }

    @SuppressWarnings("unused") // called by libfuse through REFUSE_LINK
    private static int refuseLink(MemorySegment from, MemorySegment to) {
        return refusal;
    }

    private static MemorySegment upcall(String method, MethodType type, FunctionDescriptor signature) {
        try {
            return Linker.nativeLinker()
                    .upcallStub(
                            MethodHandles.lookup().findStatic(ReadOnlyLinks.class, method, type),
                            signature,
                            Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
