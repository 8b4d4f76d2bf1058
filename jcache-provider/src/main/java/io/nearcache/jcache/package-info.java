/** The two-tier JCache facade that ties the near tier, events, statistics, loaders and writers together. */
package io.nearcache.jcache;
