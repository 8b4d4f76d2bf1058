package io.nearcache.hibernate.storage;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.cache.internal.BasicCacheKeyImplementation;
import org.hibernate.cache.internal.CacheKeyImplementation;
import org.hibernate.cache.internal.NaturalIdCacheKey;

/**
 * Turns Hibernate's cache keys into keys that every JVM encodes to the same bytes.
 *
 * <p>Hibernate's entity, collection and natural-id keys carry a precomputed hash code, and the
 * remote tier names an entry after the serialized key. That hash is the identifier's own, which for
 * an identifier holding an enum (or any class without a value-based {@code hashCode}) differs from
 * JVM to JVM: two JVMs would then keep the same entity under two memcached keys, and an update in
 * one would never reach the other's copy. The keys made here hold only the entity or role name, the
 * tenant and the disassembled identifier, so they are equal across JVMs exactly when Hibernate's
 * keys are equal. An entity or collection of a plain {@code Long}, {@code Integer}, {@code String}
 * or {@code UUID} identifier becomes the text {@code name#id}, which the remote tier sends to
 * memcached as is, so operators can find it.
 *
 * <p>Other keys (query keys, the table names of the timestamps region, keys of a custom {@code
 * CacheKeysFactory}) are kept as they are.
 */
public final class RegionKeys {
  private RegionKeys() {}

  /** The key under which the entry of Hibernate's {@code key} is stored. */
  public static Object stable(Object key) {
    if (key instanceof BasicCacheKeyImplementation basic) {
      return identifierKey(basic.getEntityOrRoleName(), null, basic.getId());
    }
    if (key instanceof CacheKeyImplementation full) {
      return identifierKey(full.getEntityOrRoleName(), full.getTenantId(), full.getId());
    }
    if (key instanceof NaturalIdCacheKey naturalId) {
      return new StableKey(
          StableKey.NATURAL_ID,
          naturalId.getEntityName(),
          naturalId.getTenantId(),
          naturalId.getNaturalIdValues());
    }
    return key;
  }

  private static Object identifierKey(String name, String tenant, Object id) {
    if (tenant == null
        && (id instanceof Long
            || id instanceof Integer
            || id instanceof String
            || id instanceof UUID)) {
      return name + '#' + id;
    }
    return new StableKey(StableKey.IDENTIFIER, name, tenant, id);
  }

  /**
   * A key by value: kind, entity or role name, tenant and the disassembled identifier or natural-id
   * values, compared deeply (identifiers may be arrays). It has no cached hash, so its serialized
   * form is the same in every JVM.
   *
   * @param kind {@link #IDENTIFIER} or {@link #NATURAL_ID}
   * @param name the entity name or collection role
   * @param tenant the tenant identifier, or null
   * @param value the identifier or the natural-id values
   */
  public record StableKey(char kind, String name, String tenant, Object value)
      implements Serializable {
    /** The kind of an entity or collection key. */
    public static final char IDENTIFIER = 'I';

    /** The kind of a natural-id key. */
    public static final char NATURAL_ID = 'N';

    @Serial private static final long serialVersionUID = 1L;

    @Override
    public boolean equals(Object other) {
      return other instanceof StableKey that
          && kind == that.kind
          && name.equals(that.name)
          && Objects.equals(tenant, that.tenant)
          && Objects.deepEquals(value, that.value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, name, tenant) * 31 + Arrays.deepHashCode(new Object[] {value});
    }
  }
}
