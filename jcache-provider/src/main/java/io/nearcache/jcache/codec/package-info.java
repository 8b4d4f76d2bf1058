/** Value handling: store-by-value copying and the immutable types that need no copy. */
package io.nearcache.jcache.codec;
