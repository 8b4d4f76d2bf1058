package io.nearcache.spring.webapp;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A publisher, an entity in Hibernate's second-level cache. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Publisher {
  @Id private Long id;
  private String name;

  /** For JPA. */
  protected Publisher() {}

  /** Creates a publisher. */
  public Publisher(Long id, String name) {
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
