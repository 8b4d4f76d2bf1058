package io.nearcache.jcache.remote.tier;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A serializable class outside the default deserialization allowlist that counts how often it
 * was deserialized: a reader that rejects it must never run its code.
 */
final class ForeignValue implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How many times {@link #readObject} ran in this JVM. */
  static final AtomicInteger DESERIALIZED = new AtomicInteger();

  private final String payload;

  ForeignValue(String payload) {
    this.payload = payload;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    DESERIALIZED.incrementAndGet();
  }

  @Override
  public String toString() {
    return "ForeignValue[" + payload + "]";
  }
}
