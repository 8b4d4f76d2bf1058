/**
 * Test fixtures: real memcached processes on loopback ports, grouped in zones, for JUnit 5 tests
 * ({@link io.nearcache.testsupport.MemcachedClusterExtension}) and whole JUnit Platform runs
 * ({@link io.nearcache.testsupport.ClusterSessionListener}).
 */
package io.nearcache.testsupport;
