/**
 * The remote transport: one asynchronous {@link io.nearcache.jcache.remote.ZoneClient} per zone of
 * memcached nodes, placed on a ketama ring, with per-operation timeouts and typed failures.
 */
package io.nearcache.jcache.remote;
