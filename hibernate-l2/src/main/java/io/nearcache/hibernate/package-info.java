/**
 * The Hibernate ORM second-level cache on nearcache: {@link
 * io.nearcache.hibernate.NearcacheRegionFactory}, selected with {@code
 * hibernate.cache.region.factory_class=nearcache}.
 */
package io.nearcache.hibernate;
