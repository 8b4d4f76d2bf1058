package io.nearcache.quarkus.deployment;

import java.io.Serializable;

/**
 * A cached value of an application class, outside the provider's built-in allowlist: it reaches
 * memcached only because the build adds it to the cache's allowlist.
 *
 * @param id the product
 * @param name its name
 * @param computedBy the application instance whose method computed it
 */
public record Product(long id, String name, String computedBy) implements Serializable {}
