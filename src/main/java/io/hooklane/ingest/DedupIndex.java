package io.hooklane.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dedup window of one instance on local disk (RocksDB): key = the id's {@link IdFingerprint}, value = when it
 * was accepted (epoch ms), in one column family that every lookup reads (a single get: its bloom filters answer for
 * an unseen id without reading a data block). Each id's key is also written to a column family of its hour of
 * acceptance; once all of an hour is older than the window, its ids are deleted from the lookup family (unless
 * accepted again later) and the hour is dropped whole. The disk thus holds at most the window plus one hour (until
 * compaction reclaims the deletions); answers are exact to the millisecond, since a lookup compares the stored time
 * with the window's start. The index also records, in the same atomic write as the ids, the ids topic offsets it
 * has applied and which topic they belong to ({@link Source}: name, Kafka topic id, cluster id), so a restart reads
 * only what came after, and an index of another topic (recreated, or on another cluster) is recognised.
 *
 * <p>Memory outside the heap is bounded: one LRU block cache holds data, index and bloom-filter blocks, and the
 * memtables are charged to it.
 *
 * <p>A directory that RocksDB cannot open (corrupt, or not an index) is wiped and started afresh: {@link #opened()}
 * says so, and the caller rebuilds it from the topic. Writes, expiry and clearing come from one thread.
 */
final class DedupIndex implements AutoCloseable {

    /** How the directory was found. */
    enum Opened {
        /** An index written before: catch up from its offsets. */
        EXISTING,
        /** No index there: rebuild from the topic. */
        CREATED,
        /** RocksDB could not open what was there: wiped, rebuild from the topic. */
        RECOVERED,
        /** What was there was read from another topic, or does not say which: wiped, rebuild from the topic. */
        REPLACED
    }

    /**
     * Which topic the ids and offsets were read from: its name, its Kafka topic id and its cluster's id. A topic
     * deleted and created again under the same name gets a new topic id; another cluster has another cluster id.
     */
    record Source(String topic, String topicId, String clusterId) {
    }

    /** What the index recorded about the topic: its source (null when none was recorded) and the next offsets. */
    record Applied(Source source, Map<Integer, Long> offsets) {
    }

    static final long HOUR_MS = 3_600_000L;
    private static final Logger LOG = LoggerFactory.getLogger(DedupIndex.class);
    private static final String BUCKET_PREFIX = "h";
    private static final byte[] IDS = "ids".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOTHING = new byte[0];
    private static final byte[] TOPIC_KEY = "topic".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOPIC_ID_KEY = "topic-id".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLUSTER_ID_KEY = "cluster-id".getBytes(StandardCharsets.UTF_8);
    private static final String OFFSET_PREFIX = "offset/";

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final Opened opened;
    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions bucketOptions;
    private final ColumnFamilyOptions hourOptions;
    private final ReadOptions readOptions = new ReadOptions().setVerifyChecksums(true);
    private final WriteOptions writeOptions = new WriteOptions();
    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle ids;
    // hour of acceptance (epoch hours) -> the column family of the keys accepted in it
    private final ConcurrentSkipListMap<Long, ColumnFamilyHandle> buckets = new ConcurrentSkipListMap<>(
            Comparator.reverseOrder());
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private DedupIndex(Path dir, long memoryBytes, Opened opened) throws RocksDBException {
        this.dir = dir;
        this.opened = opened;
        // half for blocks (index and filter blocks first), half for memtables, all counted against the one cache
        cache = new LRUCache(memoryBytes, -1, false, 0.5);
        writeBuffers = new WriteBufferManager(memoryBytes / 2, cache);
        dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setParanoidChecks(true).setWriteBufferManager(writeBuffers).setMaxOpenFiles(512)
                .setMaxTotalWalSize(memoryBytes).setKeepLogFileNum(2).setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
        // partitioned filters and index: a lookup loads one small partition per file into the bounded cache (a
        // whole-file filter, megabytes for a large file, would be evicted and read again on every miss)
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache)
                .setFilterPolicy(new BloomFilter(10, false)).setWholeKeyFiltering(true)
                .setIndexType(IndexType.kTwoLevelIndexSearch).setPartitionFilters(true).setMetadataBlockSize(4096)
                .setCacheIndexAndFilterBlocks(true).setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinTopLevelIndexAndFilter(true).setPinL0FilterAndIndexBlocksInCache(true);
        // keys are hashes and values timestamps: compression would cost CPU for nothing
        bucketOptions = new ColumnFamilyOptions().setTableFormatConfig(table)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setWriteBufferSize(Math.min(64L << 20, Math.max(1L << 20, memoryBytes / 8)))
                .setMaxWriteBufferNumber(2).setLevelCompactionDynamicLevelBytes(true)
                // nearly every lookup is of a new id, which misses the memtables: a whole-key bloom filter (a tenth
                // of the write buffer) answers that without a skip-list search
                .setMemtablePrefixBloomSizeRatio(0.1).setMemtableWholeKeyFiltering(true);
        // the hours are only ever scanned whole (at expiry): no filters
        hourOptions = new ColumnFamilyOptions().setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache))
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setWriteBufferSize(Math.min(64L << 20, Math.max(1L << 20, memoryBytes / 8)))
                .setMaxWriteBufferNumber(2).setLevelCompactionDynamicLevelBytes(true);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, bucketOptions));
        descriptors.add(new ColumnFamilyDescriptor(IDS, bucketOptions));
        if (opened == Opened.EXISTING) {
            try (Options options = new Options()) {
                for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
                    if (!Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY) && !Arrays.equals(name, IDS)) {
                        descriptors.add(new ColumnFamilyDescriptor(name, hourOptions));
                    }
                }
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        meta = handles.get(0);
        ids = handles.get(1);
        for (int i = 2; i < handles.size(); i++) {
            String name = new String(descriptors.get(i).getName(), StandardCharsets.UTF_8);
            buckets.put(Long.parseLong(name.substring(BUCKET_PREFIX.length())), handles.get(i));
        }
    }

    /**
     * Opens the index in {@code dir}, or creates it; one that cannot be opened is deleted and created afresh.
     *
     * @param memoryBytes the block cache, memtables included (off the heap)
     */
    static DedupIndex open(Path dir, long memoryBytes) {
        boolean exists = Files.isRegularFile(dir.resolve("CURRENT"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the dedup index directory " + dir + ": " + e, e);
        }
        try {
            return new DedupIndex(dir, memoryBytes, exists ? Opened.EXISTING : Opened.CREATED);
        } catch (RocksDBException | RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("lock")) {
                // another gateway uses it: never wipe a live index
                throw new IllegalStateException("hooklane.ingest.dedup-dir: the dedup index in " + dir
                        + " is in use by another process (" + e.getMessage() + "); give each instance its own", e);
            }
            LOG.warn("The dedup index in {} cannot be opened ({}): deleting it; it is rebuilt from the ids topic",
                    dir, e.getMessage());
            return recreate(dir, memoryBytes);
        }
    }

    /** Deletes what is in {@code dir} (an index that failed, closed first) and creates an empty index there. */
    static DedupIndex recreate(Path dir, long memoryBytes) {
        return recreate(dir, memoryBytes, Opened.RECOVERED);
    }

    /**
     * Deletes what is in {@code dir} (an index closed first) and creates an empty index there.
     *
     * @param why {@link Opened#RECOVERED} for an index that failed, {@link Opened#REPLACED} for one of another topic
     */
    static DedupIndex recreate(Path dir, long memoryBytes, Opened why) {
        deleteTree(dir);
        try {
            Files.createDirectories(dir);
            return new DedupIndex(dir, memoryBytes, why);
        } catch (IOException | RocksDBException e) {
            throw new IllegalStateException("cannot create the dedup index in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The index cannot answer or record: RocksDB failed (a checksum mismatch found by a read, an I/O error) or the
     * index was closed. Its answers can no longer be trusted: it must be rebuilt.
     */
    static final class Failure extends RuntimeException {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    Opened opened() {
        return opened;
    }

    /** True when the id was accepted at or after {@code notBefore} (epoch ms). */
    boolean contains(IdFingerprint id, long notBefore) {
        lock.readLock().lock();
        try {
            checkOpen();
            byte[] value = db.get(ids, readOptions, id.bytes());
            return value != null && ByteBuffer.wrap(value).getLong() >= notBefore;
        } catch (RocksDBException e) {
            throw new Failure("reading the dedup index failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** One id and when it was accepted. */
    record Entry(IdFingerprint id, long acceptedAt) {
    }

    /**
     * Writes ids and, in the same atomic write, the topic they were read from (name and identity) and the next offset
     * of each partition (none for ids written only locally).
     */
    void write(List<Entry> entries, Source source, Map<Integer, Long> nextOffsets) {
        lock.readLock().lock();
        try (WriteBatch batch = new WriteBatch()) {
            checkOpen();
            for (Entry entry : entries) {
                byte[] key = entry.id().bytes();
                batch.put(ids, key, ByteBuffer.allocate(Long.BYTES).putLong(entry.acceptedAt()).array());
                batch.put(bucket(Math.floorDiv(entry.acceptedAt(), HOUR_MS)), key, NOTHING);
            }
            if (!nextOffsets.isEmpty()) {
                batch.put(meta, TOPIC_KEY, source.topic().getBytes(StandardCharsets.UTF_8));
                batch.put(meta, TOPIC_ID_KEY, source.topicId().getBytes(StandardCharsets.UTF_8));
                batch.put(meta, CLUSTER_ID_KEY, source.clusterId().getBytes(StandardCharsets.UTF_8));
                for (Map.Entry<Integer, Long> offset : nextOffsets.entrySet()) {
                    batch.put(meta, (OFFSET_PREFIX + offset.getKey()).getBytes(StandardCharsets.UTF_8),
                            ByteBuffer.allocate(Long.BYTES).putLong(offset.getValue()).array());
                }
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new Failure("writing the dedup index failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new Failure("the dedup index in " + dir + " is closed", null);
        }
    }

    /**
     * The topic the index read and the next offset to read per partition of it; no offsets when nothing read from a
     * topic was applied, and no source when none was recorded with them (an index written by an older version).
     */
    Applied applied() {
        Map<Integer, Long> offsets = new HashMap<>();
        byte[] prefix = OFFSET_PREFIX.getBytes(StandardCharsets.UTF_8);
        try (RocksIterator iterator = db.newIterator(meta)) {
            for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
                String key = new String(iterator.key(), StandardCharsets.UTF_8);
                if (!key.startsWith(OFFSET_PREFIX)) {
                    break;
                }
                offsets.put(Integer.parseInt(key.substring(OFFSET_PREFIX.length())),
                        ByteBuffer.wrap(iterator.value()).getLong());
            }
            iterator.status();
            byte[] topic = db.get(meta, TOPIC_KEY);
            byte[] topicId = db.get(meta, TOPIC_ID_KEY);
            byte[] clusterId = db.get(meta, CLUSTER_ID_KEY);
            Source source = topic == null || topicId == null || clusterId == null ? null
                    : new Source(new String(topic, StandardCharsets.UTF_8), new String(topicId, StandardCharsets.UTF_8),
                    new String(clusterId, StandardCharsets.UTF_8));
            return new Applied(source, offsets);
        } catch (RocksDBException | RuntimeException e) {
            throw new Failure("reading the dedup index failed: " + e.getMessage(), e);
        }
    }

    void remove(IdFingerprint id) {
        lock.readLock().lock();
        try {
            checkOpen();
            db.delete(ids, id.bytes());
        } catch (RocksDBException e) {
            throw new Failure("writing the dedup index failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Forgets every id and offset. */
    void clear() {
        expire(Long.MAX_VALUE);
        try {
            byte[] last = new byte[17];
            Arrays.fill(last, (byte) 0xFF);
            db.deleteRange(ids, new byte[16], last);
            // "topic" covers "topic-id"
            for (String key : List.of("topic", "cluster-id", OFFSET_PREFIX)) {
                db.deleteRange(meta, key.getBytes(StandardCharsets.UTF_8),
                        (key + "\uffff").getBytes(StandardCharsets.UTF_8));
            }
        } catch (RocksDBException e) {
            throw new Failure("writing the dedup index failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the ids of every hour that ended at or before {@code notBefore} (those not accepted again since) and
     * drops the hour; answers how many hours.
     */
    int expire(long notBefore) {
        long lastExpired = Math.floorDiv(notBefore, HOUR_MS) - 1;
        int dropped = 0;
        for (Map.Entry<Long, ColumnFamilyHandle> hour : new ArrayList<>(buckets.tailMap(lastExpired, true).entrySet())) {
            lock.readLock().lock();
            try {
                checkOpen();
                deleteIdsOf(hour.getKey(), hour.getValue());
                db.dropColumnFamily(hour.getValue());
                buckets.remove(hour.getKey());
                hour.getValue().close();
                dropped++;
            } catch (RocksDBException e) {
                throw new Failure("dropping an expired hour of the dedup index failed: " + e.getMessage(), e);
            } finally {
                lock.readLock().unlock();
            }
        }
        return dropped;
    }

    private void deleteIdsOf(long hour, ColumnFamilyHandle keys) throws RocksDBException {
        try (RocksIterator iterator = db.newIterator(keys); WriteBatch batch = new WriteBatch()) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                byte[] key = iterator.key();
                byte[] value = db.get(ids, key);
                // an id accepted again in a later hour stays
                if (value != null && Math.floorDiv(ByteBuffer.wrap(value).getLong(), HOUR_MS) <= hour) {
                    batch.delete(ids, key);
                }
                if (batch.count() >= 10_000) {
                    db.write(writeOptions, batch);
                    batch.clear();
                }
            }
            iterator.status();
            db.write(writeOptions, batch);
        }
    }

    /** The hours held, oldest first (epoch hours). */
    List<Long> hours() {
        List<Long> hours = new ArrayList<>(buckets.keySet());
        java.util.Collections.reverse(hours);
        return hours;
    }

    /** Bytes of the index on disk. */
    long diskBytes() {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Persists the memtables (a restart then replays no write-ahead log). */
    void flush() {
        try (org.rocksdb.FlushOptions options = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            List<ColumnFamilyHandle> all = new ArrayList<>(buckets.values());
            all.add(meta);
            all.add(ids);
            db.flush(options, all);
        } catch (RocksDBException e) {
            LOG.warn("Flushing the dedup index failed: {}", e.getMessage());
        }
    }

    private ColumnFamilyHandle bucket(long hour) throws RocksDBException {
        ColumnFamilyHandle handle = buckets.get(hour);
        if (handle == null) {
            // only the index's single writer creates hours
            handle = db.createColumnFamily(new ColumnFamilyDescriptor(
                    (BUCKET_PREFIX + hour).getBytes(StandardCharsets.UTF_8), hourOptions));
            buckets.put(hour, handle);
        }
        return handle;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            buckets.values().forEach(ColumnFamilyHandle::close);
            ids.close();
            meta.close();
            db.close();
            readOptions.close();
            writeOptions.close();
            bucketOptions.close();
            hourOptions.close();
            dbOptions.close();
            writeBuffers.close();
            cache.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the dedup index in " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "DedupIndex[" + dir + "]";
    }
}
