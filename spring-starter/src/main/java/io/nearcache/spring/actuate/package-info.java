/** Actuator health and Micrometer metrics for nearcache. */
package io.nearcache.spring.actuate;
