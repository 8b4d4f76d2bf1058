package io.nearcache.samples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Version;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** A book, cached read-write, found by its ISBN through the natural-id cache. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
@NaturalIdCache
public class Book {
  @Id private Long id;

  @NaturalId private String isbn;

  private String title;

  private int copies;

  @Version private int version;

  @ManyToOne(fetch = FetchType.LAZY)
  private Author author;

  protected Book() {}

  /** A new book. */
  public Book(Long id, String isbn, String title, int copies, Author author) {
    this.id = id;
    this.isbn = isbn;
    this.title = title;
    this.copies = copies;
    this.author = author;
  }

  /** The identifier. */
  public Long getId() {
    return id;
  }

  /** The ISBN. */
  public String getIsbn() {
    return isbn;
  }

  /** The title. */
  public String getTitle() {
    return title;
  }

  /** Copies on the shelf. */
  public int getCopies() {
    return copies;
  }

  /** Lends one copy. */
  public void lend() {
    copies--;
  }
}
