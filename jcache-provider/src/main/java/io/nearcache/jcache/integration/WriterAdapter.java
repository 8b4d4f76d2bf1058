package io.nearcache.jcache.integration;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * Calls a cache's {@link CacheWriter}, or does nothing when the cache is not write-through, and
 * wraps whatever the writer throws in a {@link CacheWriterException} that names the cache.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class WriterAdapter<K, V> {
  private final String cacheName;
  private final CacheWriter<K, V> writer;

  /** Wraps the writer of the named cache; a null writer makes every call a no-op. */
  @SuppressWarnings("unchecked")
  public WriterAdapter(String cacheName, CacheWriter<? super K, ? super V> writer) {
    this.cacheName = requireNonNull(cacheName);
    // A writer of a supertype accepts our entries; the cast only narrows what it is told it gets.
    this.writer = (CacheWriter<K, V>) writer;
  }

  /** The writer itself, or null. */
  public CacheWriter<? super K, ? super V> writer() {
    return writer;
  }

  /** Whether a writer is configured. */
  public boolean isActive() {
    return writer != null;
  }

  /** Writes one entry. */
  public void write(Cache.Entry<? extends K, ? extends V> entry) {
    if (writer == null) {
      return;
    }
    try {
      writer.write(entry);
    } catch (CacheWriterException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheWriterException(
          "Writer of cache " + cacheName + " failed to write key " + entry.getKey(), e);
    }
  }

  /**
   * Writes entries. On failure the collection holds the entries that were not written, as the
   * writer left it.
   */
  public void writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
    if (writer == null || entries.isEmpty()) {
      return;
    }
    try {
      writer.writeAll(entries);
    } catch (CacheWriterException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheWriterException(
          "Writer of cache " + cacheName + " failed to write " + entries.size() + " entries", e);
    }
  }

  /** Deletes one key. */
  public void delete(Object key) {
    if (writer == null) {
      return;
    }
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheWriterException(
          "Writer of cache " + cacheName + " failed to delete key " + key, e);
    }
  }

  /** Deletes keys. On failure the collection holds the keys that were not deleted. */
  public void deleteAll(Collection<?> keys) {
    if (writer == null || keys.isEmpty()) {
      return;
    }
    try {
      writer.deleteAll(keys);
    } catch (CacheWriterException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheWriterException(
          "Writer of cache " + cacheName + " failed to delete " + keys.size() + " keys", e);
    }
  }
}
