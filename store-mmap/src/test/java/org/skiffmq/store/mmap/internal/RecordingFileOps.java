package org.skiffmq.store.mmap.internal;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link FileOps} that does the I/O (by default the real one) and records, in one global order, everything a power cut
 * could keep: names created, renamed and removed, directory syncs, bytes forced (copied at force
 * time) and checkpoint writes. {@link #materialise} then builds the directory a power cut after
 * the first k events would leave.
 *
 * <p>The model: a name (file or directory) survives only as of the last sync of its directory;
 * a byte survives only if it was forced. A page that some force after the cut covers may have been
 * dirty at the cut, so it comes back, chosen at random, as it was last forced before the cut, as
 * later forces left it (the kernel wrote it back early), or with every byte not forced before the
 * cut replaced by garbage (a torn write). A file never forced before the cut comes back empty or
 * at its full size. Thread-safe: every call is recorded and performed under one lock, so the
 * recorded order is the order the calls happened in.
 */
final class RecordingFileOps implements FileOps {
    static final int PAGE = MappedFile.PAGE_SIZE;

    sealed interface Event permits Created, Removed, Renamed, DirSynced, Forced, Written {
    }

    record Created(Path path, int inode, boolean directory) implements Event {
    }

    record Removed(Path path) implements Event {
    }

    record Renamed(Path source, Path target) implements Event {
    }

    record DirSynced(Path dir) implements Event {
    }

    record Forced(Path path, int inode, int from, byte[] bytes, int fileLength) implements Event {
    }

    record Written(Path path, int inode, byte[] content) implements Event {
    }

    private final FileOps disk;
    private final Path root;
    private final List<Event> events = new ArrayList<>();
    private final Map<Path, Integer> live = new HashMap<>();
    private int nextInode;
    private Map<Integer, byte[]> finalImages;
    private int finalImagesAt;

    /** Records calls under {@code root}; whatever exists there already counts as durable. */
    RecordingFileOps(Path root) {
        this(root, FileOps.DISK);
    }

    /** Records calls under {@code root}, performing them with {@code disk}. */
    RecordingFileOps(Path root, FileOps disk) {
        this.root = root.toAbsolutePath();
        this.disk = disk;
    }

    /** How many events so far: a put acknowledged now survives every cut at this count or later. */
    synchronized int eventCount() {
        return events.size();
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    private Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private int inodeOf(Path p) {
        Integer inode = live.get(p);
        if (inode == null) {
            inode = nextInode++;
            live.put(p, inode);
            if (!Files.exists(p)) {
                events.add(new Created(p, inode, false));
            } // else: there before recording began, durable
        }
        return inode;
    }

    @Override
    public synchronized FileChannel open(Path file) throws IOException {
        inodeOf(key(file));
        return disk.open(file);
    }

    @Override
    public synchronized void force(Path file, MappedByteBuffer mapping, int from, int length) {
        Path p = key(file);
        Integer inode = live.get(p);
        if (inode != null) { // a file already unlinked keeps nothing a cut could find by name
            byte[] copy = new byte[length];
            mapping.get(from, copy);
            events.add(new Forced(p, inode, from, copy, mapping.capacity()));
        }
        disk.force(file, mapping, from, length);
    }

    @Override
    public synchronized void writeForced(Path file, byte[] content) throws IOException {
        Path p = key(file);
        int inode = inodeOf(p);
        disk.writeForced(file, content);
        events.add(new Written(p, inode, content.clone()));
    }

    @Override
    public synchronized void replace(Path source, Path target) throws IOException {
        disk.replace(source, target);
        Integer inode = live.remove(key(source));
        if (inode != null) {
            live.put(key(target), inode);
        }
        events.add(new Renamed(key(source), key(target)));
    }

    @Override
    public synchronized void delete(Path file) throws IOException {
        disk.delete(file);
        if (live.remove(key(file)) != null) {
            events.add(new Removed(key(file)));
        }
    }

    @Override
    public synchronized void createDirectory(Path dir) throws IOException {
        disk.createDirectory(dir);
        int inode = nextInode++;
        live.put(key(dir), inode);
        events.add(new Created(key(dir), inode, true));
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        disk.syncDirectory(dir);
        events.add(new DirSynced(key(dir)));
    }

    /** The index of the first event that removed {@code path}, or -1. */
    synchronized int removedAt(Path path) {
        Path p = key(path);
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof Removed r && r.path().equals(p)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Writes into {@code target} (an empty directory) what a power cut right after the first
     * {@code cut} events leaves of the recorded root; {@code random} picks what dirty pages hold.
     * Returns how many files it wrote.
     */
    synchronized int materialise(int cut, Random random, Path target) throws IOException {
        Map<Path, Integer> liveNames = new HashMap<>();
        Map<Path, Integer> durableNames = new HashMap<>();
        Set<Integer> directories = new HashSet<>();
        Map<Integer, byte[]> images = new HashMap<>();
        Map<Integer, BitSet> forced = new HashMap<>();
        Map<Integer, byte[]> written = new HashMap<>();
        for (int i = 0; i < cut; i++) {
            Event e = events.get(i);
            if (e instanceof Created c) {
                liveNames.put(c.path(), c.inode());
                if (c.directory()) {
                    directories.add(c.inode());
                }
            } else if (e instanceof Removed r) {
                liveNames.remove(r.path());
            } else if (e instanceof Renamed r) {
                Integer inode = liveNames.remove(r.source());
                if (inode != null) {
                    liveNames.put(r.target(), inode);
                }
            } else if (e instanceof DirSynced d) {
                durableNames.keySet().removeIf(p -> d.dir().equals(p.getParent()));
                liveNames.forEach((p, inode) -> {
                    if (d.dir().equals(p.getParent())) {
                        durableNames.put(p, inode);
                    }
                });
            } else if (e instanceof Forced f) {
                byte[] image = images.computeIfAbsent(f.inode(), k -> new byte[f.fileLength()]);
                System.arraycopy(f.bytes(), 0, image, f.from(), f.bytes().length);
                forced.computeIfAbsent(f.inode(), k -> new BitSet()).set(f.from(), f.from() + f.bytes().length);
            } else if (e instanceof Written w) {
                written.put(w.inode(), w.content());
            }
        }
        int files = 0;
        for (Map.Entry<Path, Integer> name : new TreeMap<>(durableNames).entrySet()) {
            Path p = name.getKey();
            if (!parentsDurable(p, durableNames, directories)) {
                continue;
            }
            Path out = target.resolve(root.relativize(p).toString());
            int inode = name.getValue();
            if (directories.contains(inode)) {
                Files.createDirectories(out);
                continue;
            }
            Files.createDirectories(out.getParent());
            if (written.containsKey(inode)) {
                Files.write(out, written.get(inode));
            } else {
                Files.write(out, mappedFileAtCut(inode, cut, images.get(inode), forced.get(inode), random));
            }
            files++;
        }
        return files;
    }

    private boolean parentsDurable(Path p, Map<Path, Integer> durableNames, Set<Integer> directories) {
        for (Path dir = p.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
            Integer inode = durableNames.get(dir);
            if (inode == null || !directories.contains(inode)) {
                return false;
            }
        }
        return true;
    }

    private byte[] mappedFileAtCut(int inode, int cut, byte[] image, BitSet forcedBytes, Random random) {
        byte[] later = finalImages().get(inode);
        if (image == null) { // never forced: its size may not have reached the disk either
            if (later == null || random.nextBoolean()) {
                return new byte[0];
            }
            image = new byte[later.length];
            forcedBytes = new BitSet();
        }
        byte[] out = image.clone();
        BitSet dirtyPages = new BitSet();
        for (int i = cut; i < events.size(); i++) {
            if (events.get(i) instanceof Forced f && f.inode() == inode) {
                dirtyPages.set(f.from() / PAGE, (f.from() + f.bytes().length - 1) / PAGE + 1);
            }
        }
        for (int page = dirtyPages.nextSetBit(0); page >= 0; page = dirtyPages.nextSetBit(page + 1)) {
            int from = page * PAGE;
            int to = Math.min(out.length, from + PAGE);
            switch (random.nextInt(3)) {
                case 0 -> { } // as last forced before the cut
                case 1 -> System.arraycopy(later, from, out, from, to - from); // written back early
                default -> { // torn: what was not forced is garbage
                    for (int b = from; b < to; b++) {
                        if (!forcedBytes.get(b)) {
                            out[b] = (byte) random.nextInt(256);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Every mapped file's content once all recorded forces are applied. */
    private Map<Integer, byte[]> finalImages() {
        if (finalImages == null || finalImagesAt != events.size()) {
            Map<Integer, byte[]> images = new HashMap<>();
            for (Event e : events) {
                if (e instanceof Forced f) {
                    byte[] image = images.computeIfAbsent(f.inode(), k -> new byte[f.fileLength()]);
                    System.arraycopy(f.bytes(), 0, image, f.from(), f.bytes().length);
                }
            }
            finalImages = images;
            finalImagesAt = events.size();
        }
        return finalImages;
    }
}
