package io.nearcache.spring.webapp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** Books from a slow store, cached in the {@code books} cache. */
@Service
public class BookService {
  private final Map<Long, String> store = new ConcurrentHashMap<>();
  private final AtomicInteger loads = new AtomicInteger();

  /** Reads a book from the store, counting the reads; null when there is none. */
  @Cacheable("books")
  public Book find(long id) {
    loads.incrementAndGet();
    String title = store.getOrDefault(id, "Book " + id);
    return new Book(id, title);
  }

  /** Stores a book and puts it in the cache. */
  @CachePut(cacheNames = "books", key = "#book.id()")
  public Book save(Book book) {
    store.put(book.id(), book.title());
    return book;
  }

  /** Removes a book from the store and the cache. */
  @CacheEvict("books")
  public void delete(long id) {
    store.remove(id);
  }

  /** How many times the store was read. */
  public int loads() {
    return loads.get();
  }
}
