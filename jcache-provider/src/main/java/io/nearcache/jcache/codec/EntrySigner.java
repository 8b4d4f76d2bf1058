package io.nearcache.jcache.codec;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.crypto.Mac;

/**
 * Signs and checks the bytes one cache keeps in memcached with HMAC-SHA256 under the shared {@link
 * SigningKey}: envelopes (see {@link EnvelopeCodec}) and invalidation journal records. Each MAC also
 * covers what the bytes are and the cache they belong to, so a signed entry copied to another
 * cache, or a record passed off as an envelope, does not verify. Comparison is constant-time.
 *
 * <p>A rejected entry is counted through the callback given at construction, and logged: the first
 * at once, then at most one warning per {@link #WARNING_INTERVAL_SECONDS} seconds with the number
 * rejected meanwhile, never one line per entry. Instances are thread-safe.
 */
public final class EntrySigner {
  /** The length of a MAC, in bytes. */
  public static final int MAC_BYTES = 32;

  /** The shortest pause between two warnings about rejected entries. */
  public static final long WARNING_INTERVAL_SECONDS = 60;

  private static final Logger LOG = System.getLogger(EntrySigner.class.getName());

  /** What signed bytes are; part of every MAC. */
  public enum Purpose {
    /** An envelope: a cache entry or a tombstone. */
    ENVELOPE("envelope"),
    /** A record of the invalidation journal. */
    JOURNAL("journal");

    private final String label;

    Purpose(String label) {
      this.label = label;
    }
  }

  private final String cacheName;
  private final ThreadLocal<Mac> macs;
  private final byte[][] domains = new byte[Purpose.values().length][];
  private final Runnable onRejected;
  private final LongSupplier nanoTime;
  private final AtomicLong sinceWarning = new AtomicLong();
  private final AtomicLong nextWarningNanos;

  /**
   * A signer for one cache.
   *
   * @param cacheName the cache: part of every MAC, and named in warnings
   * @param key the shared key
   * @param onRejected counts one rejected entry; called on the reading thread, must be cheap
   */
  public EntrySigner(String cacheName, SigningKey key, Runnable onRejected) {
    this(cacheName, key, onRejected, System::nanoTime);
  }

  EntrySigner(String cacheName, SigningKey key, Runnable onRejected, LongSupplier nanoTime) {
    this.cacheName = requireNonNull(cacheName, "cacheName");
    requireNonNull(key, "key");
    this.macs = ThreadLocal.withInitial(key::newMac);
    this.onRejected = requireNonNull(onRejected, "onRejected");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.nextWarningNanos = new AtomicLong(nanoTime.getAsLong());
    for (Purpose purpose : Purpose.values()) {
      domains[purpose.ordinal()] =
          ("nearcache/1/" + purpose.label + "/" + cacheName + "\0").getBytes(StandardCharsets.UTF_8);
    }
    macs.get(); // fails here, not on first use, if the JVM lacks HMAC-SHA256
  }

  /** Writes the MAC of {@code bytes[0, length)} at {@code bytes[length, length + MAC_BYTES)}. */
  public void sign(Purpose purpose, byte[] bytes, int length) {
    Mac mac = mac(purpose, bytes, length);
    try {
      mac.doFinal(bytes, length);
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalArgumentException(
          "No room for a " + MAC_BYTES + "-byte MAC after " + length + " bytes", e);
    }
  }

  /**
   * Whether {@code bytes[length, length + MAC_BYTES)} is the MAC of {@code bytes[0, length)},
   * compared in constant time.
   */
  public boolean verify(Purpose purpose, byte[] bytes, int length) {
    if (length < 0 || bytes.length - length < MAC_BYTES) {
      return false;
    }
    byte[] expected = mac(purpose, bytes, length).doFinal();
    byte[] actual = new byte[MAC_BYTES];
    System.arraycopy(bytes, length, actual, 0, MAC_BYTES);
    return MessageDigest.isEqual(expected, actual);
  }

  private Mac mac(Purpose purpose, byte[] bytes, int length) {
    Mac mac = macs.get();
    mac.reset();
    mac.update(domains[purpose.ordinal()]);
    mac.update(bytes, 0, length);
    return mac;
  }

  /**
   * Counts an entry rejected for its signature and logs a warning unless one was logged within
   * the last {@value #WARNING_INTERVAL_SECONDS} seconds.
   *
   * @param reason why it was rejected, for the warning
   */
  public void rejected(String reason) {
    onRejected.run();
    sinceWarning.incrementAndGet();
    long now = nanoTime.getAsLong();
    long due = nextWarningNanos.get();
    if (now - due >= 0
        && nextWarningNanos.compareAndSet(
            due, now + TimeUnit.SECONDS.toNanos(WARNING_INTERVAL_SECONDS))) {
      long count = sinceWarning.getAndSet(0);
      LOG.log(
          Level.WARNING,
          "Cache "
              + cacheName
              + " rejected "
              + count
              + (count == 1 ? " entry" : " entries")
              + " read from memcached and treated them as misses: "
              + reason
              + ". Every JVM that shares these memcached servers must set the same"
              + " nearcache.security.signing-key. At most one such warning is logged every "
              + WARNING_INTERVAL_SECONDS
              + " s; NearCache#remoteCounters().signatureFailures() counts them all.");
    }
  }

  @Override
  public String toString() {
    return "EntrySigner[cache=" + cacheName + ", HMAC-SHA256]";
  }
}
