/** A library on JPA with nearcache as Hibernate's second-level cache. */
package io.nearcache.samples.hibernate;
