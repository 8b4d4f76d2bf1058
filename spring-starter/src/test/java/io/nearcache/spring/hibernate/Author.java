package io.nearcache.spring.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An entity in the second-level cache. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Author {
  @Id private Long id;
  private String name;

  /** For JPA. */
  protected Author() {}

  /** Creates an author. */
  public Author(Long id, String name) {
    this.id = id;
    this.name = name;
  }

  /** The id. */
  public Long getId() {
    return id;
  }

  /** The name. */
  public String getName() {
    return name;
  }
}
