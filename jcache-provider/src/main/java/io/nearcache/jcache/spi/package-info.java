/** The JCache entry points: the caching provider and the cache manager. */
package io.nearcache.jcache.spi;
