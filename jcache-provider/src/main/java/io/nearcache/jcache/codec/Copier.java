package io.nearcache.jcache.codec;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Copies keys and values for store-by-value caches. Immutable types are shared; everything else
 * is copied through Java serialization, resolving classes with the cache manager's class loader.
 */
public final class Copier {
  private final ClassLoader classLoader;
  private final String cacheName;

  /** Creates a copier for one cache. */
  public Copier(String cacheName, ClassLoader classLoader) {
    this.cacheName = requireNonNull(cacheName);
    this.classLoader = requireNonNull(classLoader);
  }

  /**
   * Returns an independent copy of the object, or the object itself when it is immutable.
   *
   * @throws IllegalArgumentException when the object is neither immutable nor serializable
   */
  public <T> T copy(T object) {
    if (object == null || ImmutableTypes.isImmutable(object.getClass())) {
      return object;
    }
    if (object instanceof byte[]) {
      @SuppressWarnings("unchecked")
      T bytes = (T) ((byte[]) object).clone();
      return bytes;
    }
    if (!(object instanceof Serializable)) {
      throw new IllegalArgumentException(
          "Cache "
              + cacheName
              + " stores by value but cannot copy an instance of "
              + object.getClass().getName()
              + ": it is not Serializable. Make the class Serializable or immutable, or"
              + " configure the cache with setStoreByValue(false)");
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(object);
      }
      ByteArrayInputStream serialized = new ByteArrayInputStream(bytes.toByteArray());
      try (ObjectInputStream in = new ClassLoaderObjectInputStream(serialized, classLoader)) {
        @SuppressWarnings("unchecked")
        T copy = (T) in.readObject();
        return copy;
      }
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "Cache "
              + cacheName
              + " stores by value but failed to copy an instance of "
              + object.getClass().getName()
              + " through serialization: "
              + e,
          e);
    }
  }
}
