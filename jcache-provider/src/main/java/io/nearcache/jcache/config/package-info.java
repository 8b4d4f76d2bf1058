/** Configuration: property loading, validation and the immutable per-cache settings. */
package io.nearcache.jcache.config;
