package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A value with its CAS unique, as {@code gets} returns it; pass the unique to {@code cas}.
 *
 * @param value the stored bytes (not copied)
 * @param cas the item's CAS unique
 */
public record CasValue(byte[] value, long cas) {
  /** Checks the value. */
  public CasValue {
    requireNonNull(value, "value");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CasValue other && cas == other.cas && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(value) + Long.hashCode(cas);
  }

  @Override
  public String toString() {
    return "CasValue[" + value.length + " bytes, cas=" + cas + "]";
  }
}
