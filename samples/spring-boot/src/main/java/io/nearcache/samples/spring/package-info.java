/**
 * A REST service on the nearcache Spring Boot starter: products read through Hibernate's
 * second-level cache, exchange rates through {@code @Cacheable}.
 */
package io.nearcache.samples.spring;
