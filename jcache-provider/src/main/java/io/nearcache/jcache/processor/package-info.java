/** Entry processors: the mutable entry handed to an EntryProcessor and its outcome. */
package io.nearcache.jcache.processor;
