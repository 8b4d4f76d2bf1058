package io.nearcache.spring.webapp;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /books/{id}}: read, write and delete books through the cached service; {@code
 * /books/publishers/{id}}: publishers through JPA and Hibernate's second-level cache.
 */
@RestController
@RequestMapping("/books")
public class BookController {
  private final BookService books;
  private final PublisherRepository publishers;

  /** Creates the controller. */
  public BookController(BookService books, PublisherRepository publishers) {
    this.books = books;
    this.publishers = publishers;
  }

  /** Reads a publisher's name, creating the publisher on first use. */
  @GetMapping("/publishers/{id}")
  public String publisher(@PathVariable long id) {
    return publishers
        .findById(id)
        .orElseGet(() -> publishers.save(new Publisher(id, "Publisher " + id)))
        .getName();
  }

  /** Reads a book. */
  @GetMapping("/{id}")
  public Book get(@PathVariable long id) {
    return books.find(id);
  }

  /** Writes a book's title. */
  @PutMapping("/{id}")
  public Book put(@PathVariable long id, @RequestBody String title) {
    return books.save(new Book(id, title));
  }

  /** Deletes a book. */
  @DeleteMapping("/{id}")
  public void delete(@PathVariable long id) {
    books.delete(id);
  }
}
