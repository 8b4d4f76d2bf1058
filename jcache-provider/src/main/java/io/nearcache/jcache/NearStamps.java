package io.nearcache.jcache;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Orders near-tier copies after the changes that supersede them. The keys fall in stripes (the
 * same as the store's write locks); every write, invalidation or clear bumps the stamp of the
 * stripes it touches <em>before</em> it changes the near tier. A copy read from memcached, or a
 * writer's own value stored after waiting for other zones, is published only if its stripe's stamp
 * is still the one taken before the read or write, and taken back if the stamp moved while it was
 * being stored. Checking once before the store would not do: an invalidation applied between the
 * check and the store would be undone, and nothing would ever drop the copy.
 *
 * <p>A key's stripe depends on its canonical form only, not on the cache generation, so that an
 * invalidation naming the key and a read of it agree on the stripe.
 */
final class NearStamps {
  private final AtomicLongArray stamps;

  NearStamps(int stripes) {
    this.stamps = new AtomicLongArray(stripes);
  }

  /** The stripe of a key in its canonical form. */
  int stripeOf(byte[] canonicalKey) {
    return (Arrays.hashCode(canonicalKey) & 0x7fffffff) % stamps.length();
  }

  /** The stripe's stamp: take it before the read or write whose result may be published. */
  long stamp(int stripe) {
    return stamps.get(stripe);
  }

  /** Marks a change to a key of the stripe; returns the new stamp. */
  long bump(int stripe) {
    return stamps.incrementAndGet(stripe);
  }

  /** Marks a change to every key (a clear, a new generation, a lost invalidation). */
  void bumpAll() {
    for (int i = 0; i < stamps.length(); i++) {
      stamps.incrementAndGet(i);
    }
  }

  /** Whether nothing changed in the stripe since {@code seen} was taken. */
  boolean unchanged(int stripe, long seen) {
    return stamps.get(stripe) == seen;
  }
}
