package io.nearcache.jcache.remote.routing;

import static java.util.Objects.requireNonNull;

import io.nearcache.jcache.config.WriteAck;
import io.nearcache.jcache.remote.RemoteHealth;
import io.nearcache.jcache.remote.ZoneClient;
import io.nearcache.jcache.remote.ZoneHealth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides which zones an operation talks to and in which order. Pure routing: it holds the zone
 * clients but performs no cache logic.
 *
 * <ul>
 *   <li>Reads go to the local zone first, then to the others in name order (fallback).
 *   <li>Writes are arbitrated on the primary zone while it answers, else on the next zone in name
 *       order, and then copied to every other zone.
 *   <li>A write returns once the arbiter plus enough replicas acknowledged it for the
 *       {@link WriteAck} policy: {@code QUORUM} is a strict majority of all zones, counting the
 *       arbiter; replicas still running when the call returns finish in the background.
 * </ul>
 */
public final class ZoneRouter implements AutoCloseable {
  private final List<ZoneClient> readOrder;
  private final List<ZoneClient> arbiterOrder;
  private final ZoneClient local;

  /**
   * Creates a router.
   *
   * @param zones the zone clients in name order
   * @param localZone the zone this JVM reads first
   * @param primaryZone the zone that arbitrates writes while it answers
   */
  public ZoneRouter(List<ZoneClient> zones, String localZone, String primaryZone) {
    requireNonNull(zones);
    requireNonNull(localZone);
    requireNonNull(primaryZone);
    List<ZoneClient> reads = new ArrayList<>(zones);
    ZoneClient localClient = find(zones, localZone);
    reads.remove(localClient);
    reads.add(0, localClient);
    List<ZoneClient> arbiters = new ArrayList<>(zones);
    ZoneClient primary = find(zones, primaryZone);
    arbiters.remove(primary);
    arbiters.add(0, primary);
    this.readOrder = Collections.unmodifiableList(reads);
    this.arbiterOrder = Collections.unmodifiableList(arbiters);
    this.local = localClient;
  }

  private static ZoneClient find(List<ZoneClient> zones, String name) {
    for (ZoneClient zone : zones) {
      if (zone.zone().equals(name)) {
        return zone;
      }
    }
    throw new IllegalArgumentException("No zone named " + name + " among " + names(zones));
  }

  private static List<String> names(List<ZoneClient> zones) {
    List<String> names = new ArrayList<>();
    zones.forEach(z -> names.add(z.zone()));
    return names;
  }

  /** The zones in read order: local first. */
  public List<ZoneClient> readOrder() {
    return readOrder;
  }

  /** The zones in arbitration order: primary first. */
  public List<ZoneClient> arbiterOrder() {
    return arbiterOrder;
  }

  /** The local zone. */
  public ZoneClient local() {
    return local;
  }

  /** Every zone's nodes as this JVM sees them, local zone first. */
  public RemoteHealth health() {
    List<ZoneHealth> zones = new ArrayList<>(readOrder.size());
    for (ZoneClient zone : readOrder) {
      zones.add(
          new ZoneHealth(zone.zone(), zone == local, zone == arbiterOrder.get(0), zone.health()));
    }
    return new RemoteHealth(zones);
  }

  /** The number of zones. */
  public int size() {
    return readOrder.size();
  }

  /** Every zone except the given one, in read order. */
  public List<ZoneClient> others(ZoneClient except) {
    List<ZoneClient> others = new ArrayList<>(readOrder);
    others.remove(except);
    return others;
  }

  /**
   * Waits until enough replica writes succeeded for the policy, the arbiter's write counting as
   * one, or until the timeout. Returns the number of zones known to hold the write.
   */
  public static int awaitAcks(
      List<CompletableFuture<Boolean>> replicas, WriteAck ack, int zones, long timeoutNanos) {
    int needed = Math.max(0, ack.required(zones) - 1);
    if (needed == 0 || replicas.isEmpty()) {
      return 1;
    }
    AtomicInteger succeeded = new AtomicInteger();
    CompletableFuture<Void> enough = new CompletableFuture<>();
    AtomicInteger finished = new AtomicInteger();
    for (CompletableFuture<Boolean> replica : replicas) {
      replica.whenComplete(
          (ok, error) -> {
            if (error == null && Boolean.TRUE.equals(ok) && succeeded.incrementAndGet() >= needed) {
              enough.complete(null);
            }
            if (finished.incrementAndGet() == replicas.size()) {
              enough.complete(null);
            }
          });
    }
    try {
      enough.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (Exception e) {
      // The timeout bounds the wait; the count below says what was acknowledged.
    }
    return 1 + succeeded.get();
  }

  @Override
  public void close() {
    for (ZoneClient zone : readOrder) {
      zone.close();
    }
  }
}
