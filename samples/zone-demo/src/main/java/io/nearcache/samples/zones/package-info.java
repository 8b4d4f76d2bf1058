/**
 * The zone demo: memcached zones and application JVMs on one machine, a live view of their tiers,
 * scripted failures, and an HTML report.
 */
package io.nearcache.samples.zones;
