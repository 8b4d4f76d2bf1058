package io.nearcache.hibernate.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import java.util.ArrayList;
import java.util.List;

/** An unversioned entity with cached collections; its cache strategy comes from the test. */
@Entity
public class Author {
  @Id private Long id;

  private String name;

  @OneToMany(mappedBy = "author")
  private List<Book> books = new ArrayList<>();

  @OneToMany
  @JoinColumn(name = "author_id")
  private List<Award> awards = new ArrayList<>();

  protected Author() {}

  /** A new author. */
  public Author(Long id, String name) {
    this.id = id;
    this.name = name;
  }

  /** The identifier. */
  public Long getId() {
    return id;
  }

  /** The name. */
  public String getName() {
    return name;
  }

  /** Renames the author. */
  public void setName(String name) {
    this.name = name;
  }

  /** The author's awards, a unidirectional collection. */
  public List<Award> getAwards() {
    return awards;
  }

  /** The author's books. */
  public List<Book> getBooks() {
    return books;
  }
}
