/**
 * The nearcache Quarkus extension's build steps: the CacheManager bean, the {@code nearcache} cache
 * backend, the serialization allowlist of cached types, health, metrics and native-image
 * registration.
 */
package io.nearcache.quarkus.deployment;
