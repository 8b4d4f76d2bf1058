/**
 * The thundering-herd harness: JVM processes that read one hot key through a slow CacheLoader
 * while another removes it, counting loader calls per removal.
 */
package io.nearcache.testsupport.herd;
