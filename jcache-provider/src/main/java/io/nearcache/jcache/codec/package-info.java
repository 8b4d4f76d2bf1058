/**
 * Encoding for the remote tier (value codecs, envelopes, memcached keys) and store-by-value
 * copying. Pure functions of their input: no I/O.
 */
package io.nearcache.jcache.codec;
