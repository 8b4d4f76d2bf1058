/** A console tour of the embedded nearcache provider through the standard javax.cache API. */
package io.nearcache.samples.embedded;
