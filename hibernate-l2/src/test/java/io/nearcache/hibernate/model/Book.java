package io.nearcache.hibernate.model;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Version;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** A versioned entity with a cached natural id; its cache strategy comes from the test. */
@Entity
@NaturalIdCache
public class Book {
  @Id private Long id;

  @NaturalId private String isbn;

  private String title;

  @Version private int version;

  @ManyToOne(fetch = FetchType.LAZY)
  private Author author;

  protected Book() {}

  /** A new book of an author. */
  public Book(Long id, String isbn, String title, Author author) {
    this.id = id;
    this.isbn = isbn;
    this.title = title;
    this.author = author;
  }

  /** The identifier. */
  public Long getId() {
    return id;
  }

  /** The natural id. */
  public String getIsbn() {
    return isbn;
  }

  /** The title. */
  public String getTitle() {
    return title;
  }

  /** Retitles the book. */
  public void setTitle(String title) {
    this.title = title;
  }

  /** The optimistic-lock version. */
  public int getVersion() {
    return version;
  }

  /** The author. */
  public Author getAuthor() {
    return author;
  }
}
