package io.nearcache.hibernate.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An award, in a unidirectional (join column) collection of its author. */
@Entity
public class Award {
  @Id private Long id;

  private String name;

  protected Award() {}

  /** A new award. */
  public Award(Long id, String name) {
    this.id = id;
    this.name = name;
  }

  /** The name. */
  public String getName() {
    return name;
  }
}
