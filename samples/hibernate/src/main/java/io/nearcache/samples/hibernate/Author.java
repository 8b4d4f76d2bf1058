package io.nearcache.samples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An author, cached read-write together with the list of their books. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Author {
  @Id private Long id;

  private String name;

  @OneToMany(mappedBy = "author")
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
  private List<Book> books = new ArrayList<>();

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

  /** The books. */
  public List<Book> getBooks() {
    return books;
  }
}
