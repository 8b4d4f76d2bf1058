/**
 * Spring Boot auto-configuration for nearcache: the JCache CacheManager built from typed {@code
 * nearcache.*} properties, Spring's cache abstraction and Hibernate's second-level cache on it,
 * Actuator health and Micrometer metrics.
 */
package io.nearcache.spring;
