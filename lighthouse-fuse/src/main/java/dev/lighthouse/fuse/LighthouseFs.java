package dev.lighthouse.fuse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.cryptomator.jfuse.api.DirFiller;
import org.cryptomator.jfuse.api.Errno;
import org.cryptomator.jfuse.api.FileInfo;
import org.cryptomator.jfuse.api.FuseConfig;
import org.cryptomator.jfuse.api.FuseConnInfo;
import org.cryptomator.jfuse.api.FuseOperations;
import org.cryptomator.jfuse.api.Stat;
import org.cryptomator.jfuse.api.Statvfs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FUSE operations of the view: paths are resolved through the {@link Folder} tree on every call (the kernel keeps
 * attributes for a second), an opened file's content is fixed at {@code open} so that one reader sees one version,
 * and every failure becomes an errno:
 *
 * <table>
 *   <tr><th>what</th><th>errno</th></tr>
 *   <tr><td>no such path</td><td>ENOENT</td></tr>
 *   <tr><td>write, create, rename, delete, chmod anywhere but a pending review's {@code verdict}</td><td>EROFS</td></tr>
 *   <tr><td>a verdict that is not {@code approve[: reason]} or {@code deny: reason}</td><td>EINVAL</td></tr>
 *   <tr><td>the bridge refuses the mount identity (401, 403; a vote not eligible or repeated)</td><td>EACCES</td></tr>
 *   <tr><td>the bridge cannot be reached or fails</td><td>EIO</td></tr>
 * </table>
 *
 * Refusals and failures are logged with the path and the bridge's reason: the errno alone cannot say why.
 */
final class LighthouseFs implements FuseOperations {
    private static final Logger LOG = LoggerFactory.getLogger(LighthouseFs.class);
    private static final int DIR_MODE = Stat.S_IFDIR | 0555;
    private static final int FILE_MODE = Stat.S_IFREG | 0444;
    private static final int BALLOT_MODE = Stat.S_IFREG | 0644;
    private static final int LINK_MODE = Stat.S_IFLNK | 0777;

    private final Errno errno;
    private final Folder root;
    private final ReviewsFolder reviews;
    private final Instant mounted;
    private final int uid;
    private final int gid;
    private final Foreground foreground;
    private final Map<Long, Handle> handles = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);

    /** An open file: its node, the content it was opened with, and for a verdict what has been written. */
    private record Handle(Node node, byte[] content, ByteArrayOutputStream written, boolean[] cast) {}

    LighthouseFs(
            Errno errno, Folder root, ReviewsFolder reviews, Instant mounted, int uid, int gid, Foreground foreground) {
        this.errno = errno;
        this.foreground = foreground;
        this.root = root;
        this.reviews = reviews;
        this.mounted = mounted;
        this.uid = uid;
        this.gid = gid;
    }

    @Override
    public Errno errno() {
        return errno;
    }

    @Override
    public Set<Operation> supportedOperations() {
        return EnumSet.of(
                Operation.INIT,
                Operation.GET_ATTR,
                Operation.READLINK,
                Operation.OPEN,
                Operation.READ,
                Operation.WRITE,
                Operation.FLUSH,
                Operation.RELEASE,
                Operation.TRUNCATE,
                Operation.OPEN_DIR,
                Operation.READ_DIR,
                Operation.RELEASE_DIR,
                Operation.STATFS,
                Operation.ACCESS,
                Operation.CREATE,
                Operation.MKDIR,
                Operation.UNLINK,
                Operation.RMDIR,
                Operation.RENAME,
                Operation.SYMLINK,
                Operation.CHMOD,
                Operation.CHOWN,
                Operation.UTIMENS);
    }

    @Override
    public void init(FuseConnInfo conn, FuseConfig cfg) {
        LOG.debug("mounted: FUSE protocol {}.{}", conn.protoMajor(), conn.protoMinor());
    }

    /** The node at {@code path}, walking from the root. */
    Optional<Node> resolve(String path) {
        Node node = new Node.Dir(root, mounted);
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!(node instanceof Node.Dir(Folder folder, Instant ignored))) {
                return Optional.empty();
            }
            Optional<Node> next = folder.child(part);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            node = next.get();
        }
        return Optional.of(node);
    }

    @Override
    public int getattr(String path, Stat stat, FileInfo fi) {
        return foreground.during(() -> getattrNow(path, stat, fi));
    }

    private int getattrNow(String path, Stat stat, FileInfo fi) {
        try {
            Handle open = fi == null ? null : handles.get(fi.getFh());
            Optional<Node> found = open != null ? Optional.of(open.node()) : resolve(path);
            if (found.isEmpty()) {
                return -errno.enoent();
            }
            Node node = found.get();
            stat.setUid(uid);
            stat.setGid(gid);
            Instant mtime = node.mtime();
            stat.mTime().set(mtime);
            stat.cTime().set(mtime);
            stat.aTime().set(mtime);
            switch (node) {
                case Node.Dir d -> {
                    stat.setMode(DIR_MODE);
                    stat.setNLink((short) 2);
                    stat.setSize(0);
                }
                case Node.Blob b -> {
                    stat.setMode(FILE_MODE);
                    stat.setNLink((short) 1);
                    // an open file's size is that of the content it was opened with, which read serves
                    stat.setSize(open != null ? open.content().length : b.content().length);
                }
                case Node.Link l -> {
                    stat.setMode(LINK_MODE);
                    stat.setNLink((short) 1);
                    stat.setSize(l.target().getBytes(StandardCharsets.UTF_8).length);
                }
                case Node.Tail t -> {
                    stat.setMode(FILE_MODE);
                    stat.setNLink((short) 1);
                    stat.setSize(t.stream().size());
                }
                case Node.Ballot b -> {
                    stat.setMode(BALLOT_MODE);
                    stat.setNLink((short) 1);
                    stat.setSize(0);
                }
            }
            return 0;
        } catch (RuntimeException e) {
            return failed("stat", path, e);
        }
    }

    @Override
    public int readlink(String path, ByteBuffer buf, long len) {
        return foreground.during(() -> readlinkNow(path, buf, len));
    }

    private int readlinkNow(String path, ByteBuffer buf, long len) {
        try {
            Optional<Node> found = resolve(path);
            if (found.isEmpty()) {
                return -errno.enoent();
            }
            if (!(found.get() instanceof Node.Link(String target, Instant ignored))) {
                return -errno.einval();
            }
            byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(bytes.length, len - 1);
            buf.put(bytes, 0, n);
            buf.put((byte) 0);
            return 0;
        } catch (RuntimeException e) {
            return failed("readlink", path, e);
        }
    }

    @Override
    public int open(String path, FileInfo fi) {
        return foreground.during(() -> openNow(path, fi));
    }

    private int openNow(String path, FileInfo fi) {
        try {
            Optional<Node> found = resolve(path);
            if (found.isEmpty()) {
                return -errno.enoent();
            }
            Node node = found.get();
            boolean writing = fi.getOpenFlags().contains(StandardOpenOption.WRITE);
            byte[] content = switch (node) {
                case Node.Dir d -> null;
                case Node.Blob b -> b.content();
                case Node.Link l -> null;
                case Node.Tail t -> new byte[0];
                case Node.Ballot b -> new byte[0];
            };
            if (content == null) {
                return -errno.eisdir();
            }
            if (writing && !(node instanceof Node.Ballot)) {
                LOG.info("{}: read-only; only a pending review's verdict takes writes", path);
                return -errno.erofs();
            }
            long fh = nextHandle.getAndIncrement();
            handles.put(fh, new Handle(node, content, new ByteArrayOutputStream(), new boolean[1]));
            fi.setFh(fh);
            return 0;
        } catch (RuntimeException e) {
            return failed("open", path, e);
        }
    }

    @Override
    public int read(String path, ByteBuffer buf, long count, long offset, FileInfo fi) {
        Handle h = handles.get(fi.getFh());
        if (h == null) {
            return -errno.ebadf();
        }
        byte[] chunk;
        if (h.node() instanceof Node.Tail(StreamBuffer stream)) {
            chunk = stream.read(offset, (int) Math.min(count, Integer.MAX_VALUE));
        } else {
            int from = (int) Math.min(offset, h.content().length);
            int n = (int) Math.min(count, h.content().length - from);
            buf.put(h.content(), from, n);
            return n;
        }
        buf.put(chunk);
        return chunk.length;
    }

    @Override
    public int write(String path, ByteBuffer buf, long count, long offset, FileInfo fi) {
        Handle h = handles.get(fi.getFh());
        if (h == null) {
            return -errno.ebadf();
        }
        if (!(h.node() instanceof Node.Ballot)) {
            return -errno.erofs();
        }
        byte[] bytes = new byte[(int) count];
        buf.get(bytes);
        synchronized (h) {
            if (h.cast()[0]) {
                LOG.info("{}: the vote was cast already; a second verdict needs a new write", path);
                return -errno.einval();
            }
            h.written().writeBytes(bytes);
            if (h.written().size() > 4096) {
                LOG.info("{}: a verdict is one short line", path);
                return -errno.einval();
            }
            if (bytes.length > 0 && bytes[bytes.length - 1] == '\n') {
                int result = cast(path, h);
                return result == 0 ? (int) count : result;
            }
        }
        return (int) count;
    }

    @Override
    public int flush(String path, FileInfo fi) {
        Handle h = handles.get(fi.getFh());
        if (h == null || !(h.node() instanceof Node.Ballot)) {
            return 0;
        }
        synchronized (h) {
            return h.cast()[0] || h.written().size() == 0 ? 0 : cast(path, h);
        }
    }

    private int cast(String path, Handle h) {
        h.cast()[0] = true;
        Node.Ballot ballot = (Node.Ballot) h.node();
        String text = h.written().toString(StandardCharsets.UTF_8);
        try {
            reviews.vote(ballot.review(), text);
            LOG.info("{}: vote cast: {}", path, text.strip());
            return 0;
        } catch (IllegalArgumentException e) {
            LOG.info("{}: {}", path, e.getMessage());
            return -errno.einval();
        } catch (RuntimeException e) {
            return failed("verdict", path, e);
        }
    }

    @Override
    public int release(String path, FileInfo fi) {
        handles.remove(fi.getFh());
        return 0;
    }

    @Override
    public int truncate(String path, long size, FileInfo fi) {
        try {
            Optional<Node> found = resolve(path);
            if (found.isEmpty()) {
                return -errno.enoent();
            }
            // `echo approve > verdict` truncates before it writes
            return found.get() instanceof Node.Ballot && size == 0 ? 0 : readOnly("truncate", path);
        } catch (RuntimeException e) {
            return failed("truncate", path, e);
        }
    }

    @Override
    public int opendir(String path, FileInfo fi) {
        return foreground.during(() -> opendirNow(path, fi));
    }

    private int opendirNow(String path, FileInfo fi) {
        try {
            Optional<Node> found = resolve(path);
            if (found.isEmpty()) {
                return -errno.enoent();
            }
            return found.get() instanceof Node.Dir ? 0 : -errno.enotdir();
        } catch (RuntimeException e) {
            return failed("opendir", path, e);
        }
    }

    @Override
    public int readdir(String path, DirFiller filler, long offset, FileInfo fi, int flags) {
        return foreground.during(() -> readdirNow(path, filler, offset, fi, flags));
    }

    private int readdirNow(String path, DirFiller filler, long offset, FileInfo fi, int flags) {
        try {
            Optional<Node> found = resolve(path);
            if (found.isEmpty()) {
                return -errno.enoent();
            }
            if (!(found.get() instanceof Node.Dir(Folder folder, Instant ignored))) {
                return -errno.enotdir();
            }
            DirEntries.fill(filler, folder.names());
            return 0;
        } catch (RuntimeException e) {
            return failed("readdir", path, e);
        }
    }

    @Override
    public int releasedir(String path, FileInfo fi) {
        return 0;
    }

    @Override
    public int statfs(String path, Statvfs statvfs) {
        statvfs.setBsize(4096);
        statvfs.setFrsize(4096);
        statvfs.setBlocks(0);
        statvfs.setBfree(0);
        statvfs.setBavail(0);
        statvfs.setNameMax(255);
        return 0;
    }

    @Override
    public int access(String path, int mask) {
        try {
            Optional<Node> found = resolve(path);
            if (found.isEmpty()) {
                return -errno.enoent();
            }
            boolean write = (mask & 2) != 0;
            return write && !(found.get() instanceof Node.Ballot) ? -errno.erofs() : 0;
        } catch (RuntimeException e) {
            return failed("access", path, e);
        }
    }

    @Override
    public int create(String path, int mode, FileInfo fi) {
        return readOnly("create", path);
    }

    @Override
    public int mkdir(String path, int mode) {
        return readOnly("mkdir", path);
    }

    @Override
    public int unlink(String path) {
        return readOnly("unlink", path);
    }

    @Override
    public int rmdir(String path) {
        return readOnly("rmdir", path);
    }

    @Override
    public int rename(String oldpath, String newpath, int flags) {
        return readOnly("rename", oldpath);
    }

    @Override
    public int symlink(String linkname, String target) {
        return readOnly("symlink", target);
    }

    @Override
    public int chmod(String path, int mode, FileInfo fi) {
        return readOnly("chmod", path);
    }

    @Override
    public int chown(String path, int uid, int gid, FileInfo fi) {
        return readOnly("chown", path);
    }

    @Override
    public int utimens(
            String path,
            org.cryptomator.jfuse.api.TimeSpec atime,
            org.cryptomator.jfuse.api.TimeSpec mtime,
            FileInfo fi) {
        return readOnly("utimens", path);
    }

    private int readOnly(String op, String path) {
        LOG.debug("{} {}: the view is read-only", op, path);
        return -errno.erofs();
    }

    private int failed(String op, String path, RuntimeException e) {
        if (e instanceof BridgeException b) {
            if (b.unreachable()) {
                LOG.warn("{} {}: EIO: {}", op, path, b.getMessage());
                return -errno.eio();
            }
            return switch (b.status) {
                case 401, 403, 409 -> {
                    LOG.warn("{} {}: EACCES: {}", op, path, b.getMessage());
                    yield -errno.eacces();
                }
                case 404 -> -errno.enoent();
                case 400 -> {
                    LOG.warn("{} {}: EINVAL: {}", op, path, b.getMessage());
                    yield -errno.einval();
                }
                default -> {
                    LOG.warn("{} {}: EIO: {}", op, path, b.getMessage());
                    yield -errno.eio();
                }
            };
        }
        LOG.error("{} {}: EIO: unexpected failure", op, path, e);
        return -errno.eio();
    }
}
