/** The near tier: the in-process Caffeine store and its expiry bookkeeping. */
package io.nearcache.jcache.near;
