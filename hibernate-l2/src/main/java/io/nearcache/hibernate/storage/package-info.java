/** How Hibernate's regions read and write their nearcache caches: keys, timestamps, allowlist. */
package io.nearcache.hibernate.storage;
