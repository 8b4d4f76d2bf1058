/** Statistics counters for hits, misses, puts, removals, evictions and timings. */
package io.nearcache.jcache.stats;
