/** Cache entry events and their synchronous and asynchronous dispatch to listeners. */
package io.nearcache.jcache.event;
