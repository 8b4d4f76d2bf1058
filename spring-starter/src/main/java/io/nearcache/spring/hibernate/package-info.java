/** Hibernate's second-level cache on the application's nearcache CacheManager. */
package io.nearcache.spring.hibernate;
