package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

/**
 * What a client knows of one memcached node right now.
 *
 * @param node the node
 * @param up whether operations are sent to it; a node marked down fails its operations at once
 *     (or sends them to the gutter pool) until a probe finds it answering again
 * @param consecutiveFailures operations that failed or timed out in a row since its last success
 * @param downSinceMillis when it was marked down (epoch millis), 0 while it is up
 * @param lastFailure the last failure's message, or null when it never failed
 */
public record NodeHealth(
    NodeAddress node, boolean up, int consecutiveFailures, long downSinceMillis, String lastFailure) {
  /** Checks the node. */
  public NodeHealth {
    requireNonNull(node, "node");
  }
}
