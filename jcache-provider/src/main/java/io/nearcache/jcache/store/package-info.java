/** The store behind a cache facade: near tier only, or near and remote tiers together. */
package io.nearcache.jcache.store;
