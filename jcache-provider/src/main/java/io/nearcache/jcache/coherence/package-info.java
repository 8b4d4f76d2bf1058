/** Cross-JVM coherence: version stamps that order writes, and the invalidation machinery. */
package io.nearcache.jcache.coherence;
