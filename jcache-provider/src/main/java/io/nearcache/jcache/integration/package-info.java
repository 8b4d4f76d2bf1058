/** Read-through and write-through: adapters around CacheLoader and CacheWriter. */
package io.nearcache.jcache.integration;
