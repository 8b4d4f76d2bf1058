/** Expiry: turning a JCache ExpiryPolicy into exact expiry times on the ticker. */
package io.nearcache.jcache.expiry;
