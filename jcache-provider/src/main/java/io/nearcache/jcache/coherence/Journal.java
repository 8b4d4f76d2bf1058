package io.nearcache.jcache.coherence;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.codec.EntrySigner;
import io.nearcache.jcache.remote.ZoneClient;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;

/**
 * The invalidation journal of one cache, kept in memcached in every zone. Keys hash into
 * partitions; each partition has a sequence counter ({@code <cache prefix>j:<p>}) and one record
 * per change ({@code <cache prefix>j:<p>:<seq>}) naming the changed key, the writer and the
 * write's version stamp. Records live for {@link #RETENTION_SECONDS}.
 *
 * <p>With a signing key, every record carries an HMAC-SHA256 after the key; a record whose MAC does
 * not verify reads as missing, so the reader repairs the partition instead of trusting it, and no
 * canonical key from an unsigned record is ever deserialized.
 *
 * <p>A counter is created at the current time in microseconds, not at 0, so a counter lost to an
 * eviction or a restart comes back far above every sequence a reader has seen: the reader sees a
 * gap it cannot fill and repairs, instead of mistaking a fresh counter for an old one.
 */
public final class Journal {
  /** How long a record stays readable, in seconds. */
  public static final int RETENTION_SECONDS = 120;

  private static final int HEADER = 16;

  private final String cachePrefix;
  private final int partitions;
  private final long originId;
  private final EntrySigner signer;
  private final OwnSequences own;

  /**
   * Creates the journal of one cache, with unsigned records.
   *
   * @param cachePrefix the memcached key prefix of the cache, ending with ':'
   * @param partitions the number of partitions, 1 or more
   * @param originId this JVM's identity, so it can skip its own records
   */
  public Journal(String cachePrefix, int partitions, long originId) {
    this(cachePrefix, partitions, originId, null);
  }

  /**
   * Creates the journal of one cache.
   *
   * @param signer signs written records and verifies read ones, or null for unsigned records
   * @see #Journal(String, int, long)
   */
  public Journal(String cachePrefix, int partitions, long originId, EntrySigner signer) {
    this.signer = signer;
    this.cachePrefix = requireNonNull(cachePrefix);
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be 1 or more, was " + partitions);
    }
    this.partitions = partitions;
    this.originId = originId;
    this.own = new OwnSequences(partitions);
  }

  /** The sequence numbers this JVM took, so its poller can pass its own records by. */
  OwnSequences own() {
    return own;
  }

  /** The number of partitions. */
  public int partitions() {
    return partitions;
  }

  /** This JVM's identity in records. */
  public long originId() {
    return originId;
  }

  /** The partition of a key, from its canonical bytes. */
  public int partitionOf(byte[] canonicalKey) {
    CRC32C crc = new CRC32C();
    crc.update(canonicalKey);
    return (int) (crc.getValue() % partitions);
  }

  /** The memcached key of a partition's sequence counter. */
  public String counterKey(int partition) {
    return cachePrefix + "j:" + partition;
  }

  /** The memcached key of one record. */
  public String recordKey(int partition, long sequence) {
    return cachePrefix + "j:" + partition + ":" + sequence;
  }

  /**
   * Appends a record to one zone's journal without waiting: takes the next sequence of the key's
   * partition and writes the record under it. The future tells whether both steps succeeded.
   */
  public CompletableFuture<Boolean> append(ZoneClient zone, byte[] canonicalKey, long stamp) {
    int partition = partitionOf(canonicalKey);
    byte[] record = sign(encode(originId, stamp, canonicalKey));
    long initial = System.currentTimeMillis() * 1000L;
    return zone.incr(counterKey(partition), 1, initial, 0)
        .thenCompose(
            seq -> {
              own.add(zone.zone(), partition, seq);
              return zone.set(recordKey(partition, seq), RETENTION_SECONDS, record);
            })
        .exceptionally(error -> false);
  }

  /** The bytes of a record: origin, stamp, canonical key. */
  static byte[] encode(long origin, long stamp, byte[] canonicalKey) {
    ByteBuffer buffer = ByteBuffer.allocate(HEADER + canonicalKey.length);
    buffer.putLong(origin).putLong(stamp).put(canonicalKey);
    return buffer.array();
  }

  private byte[] sign(byte[] record) {
    if (signer == null) {
      return record;
    }
    byte[] signed = Arrays.copyOf(record, record.length + EntrySigner.MAC_BYTES);
    signer.sign(EntrySigner.Purpose.JOURNAL, signed, record.length);
    return signed;
  }

  /**
   * Reads a record of this journal; null when the bytes are not one, or, with a signing key, when
   * the record's MAC does not verify (counted and warned about by the signer).
   */
  public Record read(byte[] bytes) {
    if (signer == null || bytes == null) {
      return decode(bytes);
    }
    int length = bytes.length - EntrySigner.MAC_BYTES;
    if (length < HEADER || !signer.verify(EntrySigner.Purpose.JOURNAL, bytes, length)) {
      signer.rejected(
          "an invalidation record is unsigned or signed with another key, so its partition is"
              + " repaired instead");
      return null;
    }
    return decode(Arrays.copyOf(bytes, length));
  }

  /** Reads an unsigned record; null when the bytes are not one. */
  public static Record decode(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long origin = buffer.getLong();
    long stamp = buffer.getLong();
    return new Record(origin, stamp, Arrays.copyOfRange(bytes, HEADER, bytes.length));
  }

  /**
   * One change in the journal.
   *
   * @param origin the identity of the JVM that made it
   * @param stamp the write's version stamp (a hybrid-logical-clock value)
   * @param canonicalKey the changed key's canonical bytes
   */
  public record Record(long origin, long stamp, byte[] canonicalKey) {}
}
