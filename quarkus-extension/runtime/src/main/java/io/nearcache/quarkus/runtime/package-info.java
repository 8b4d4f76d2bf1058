/**
 * The nearcache Quarkus extension at run time: {@code quarkus.nearcache.*} configuration, the
 * {@code javax.cache.CacheManager} bean, the {@code nearcache} backend of Quarkus' cache
 * annotations, the readiness check and the Micrometer meters.
 */
package io.nearcache.quarkus.runtime;
