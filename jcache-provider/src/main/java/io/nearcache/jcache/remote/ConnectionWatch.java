package io.nearcache.jcache.remote;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ConnectionObserver;

/** Counts the nodes that connected at least once, so that a new client can wait for them. */
final class ConnectionWatch implements ConnectionObserver {
  private final Set<SocketAddress> seen = ConcurrentHashMap.newKeySet();
  private final CountDownLatch allConnected;

  ConnectionWatch(int nodes) {
    this.allConnected = new CountDownLatch(nodes);
  }

  @Override
  public void connectionEstablished(SocketAddress address, int reconnectCount) {
    if (seen.add(address)) {
      allConnected.countDown();
    }
  }

  @Override
  public void connectionLost(SocketAddress address) {}

  /** Waits until every node connected once, or the timeout passed. */
  void await(Duration timeout) {
    try {
      allConnected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
