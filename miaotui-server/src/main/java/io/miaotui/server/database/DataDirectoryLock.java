package io.miaotui.server.database;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proof that this process is the one service on a data directory: an exclusive lock on
 * {@code $MIAOTUI_DATA_DIR/postgres.lock}, taken before anything touches the database's files and held until
 * PostgreSQL has stopped. The operating system drops it when the process dies, however it dies (SIGKILL too), so
 * a postmaster found on the directory while we hold it was left by a dead service and may be cleared; if another
 * live process holds it, the start fails instead. The jar's {@code token} and {@code reconcile} commands never
 * take it: they run beside the service.
 */
final class DataDirectoryLock implements AutoCloseable {
    static final String FILE = "postgres.lock";

    /**
     * The lock files this JVM holds. A file lock belongs to the whole process, and closing any channel on its
     * file may drop it, so a second start in the same JVM must be turned away before it opens one.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks the data directory that holds {@code databaseDirectory}, or fails naming who holds it. */
    static DataDirectoryLock acquire(Path databaseDirectory) throws IOException {
        Path file = databaseDirectory.toAbsolutePath().normalize().resolveSibling(FILE);
        if (!HELD_HERE.add(file)) {
            throw inUse(file, "this process (pid " + ProcessHandle.current().pid() + ")");
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    throw inUse(file, "another process (" + holder(channel) + ")");
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since " + Instant.now()
                        + "\n").getBytes(StandardCharsets.UTF_8)));
                return new DataDirectoryLock(file, channel, lock);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(file);
            throw e;
        }
    }

    /** What the holder wrote into the file: its pid and since when. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer text = ByteBuffer.allocate(200);
        channel.read(text, 0);
        String written = new String(text.array(), 0, text.position(), StandardCharsets.UTF_8).strip();
        return written.isEmpty() ? "pid unknown" : written;
    }

    private static DataDirectoryInUseException inUse(Path file, String holder) {
        return new DataDirectoryInUseException("The data directory " + file.getParent() + " is in use by " + holder
                + ", whose PostgreSQL runs on it: stop that service first, or give this one its own MIAOTUI_DATA_DIR."
                + " (Lock file: " + file + ".)");
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The lock goes with the process anyway; nothing is left to undo.
        } finally {
            HELD_HERE.remove(file);
        }
    }
}
