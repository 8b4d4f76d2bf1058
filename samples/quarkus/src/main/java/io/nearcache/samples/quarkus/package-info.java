/** A Quarkus application whose cached methods run on nearcache. */
package io.nearcache.samples.quarkus;
