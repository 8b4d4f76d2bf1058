/** Spring's cache abstraction over nearcache, with asynchronous {@code retrieve}. */
package io.nearcache.spring.cache;
