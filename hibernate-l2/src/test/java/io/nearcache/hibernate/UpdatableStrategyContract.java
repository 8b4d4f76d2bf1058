package io.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearcache.hibernate.model.Author;
import io.nearcache.hibernate.model.Book;
import org.junit.jupiter.api.Test;

/**
 * {@link StrategyContract} plus updates, for the strategies that allow them: a changed entity,
 * versioned or not, or a changed collection is read after commit, never its old state.
 */
abstract class UpdatableStrategyContract extends StrategyContract {
  @Test
  void anUpdateIsReadAfterCommitNeverTheOldValue() {
    long id = persistAuthor("Alan");
    readName(id);

    factory.inTransaction(session -> session.find(Author.class, id).setName("Alan Turing"));

    assertEquals("Alan Turing", readName(id));
    statistics.clear();
    assertEquals("Alan Turing", readName(id));
    assertEquals(1, statistics.getSecondLevelCacheHitCount(), "the new value is cached");
  }

  @Test
  void aVersionedUpdateIsReadAfterCommit() {
    long authorId = persistAuthor("Ursula");
    long bookId = persistBook(authorId, "The Dispossessed");
    readTitle(bookId);

    factory.inTransaction(
        session -> session.find(Book.class, bookId).setTitle("The Lathe of Heaven"));

    assertEquals("The Lathe of Heaven", readTitle(bookId));
    assertEquals("The Lathe of Heaven", readTitle(bookId));
  }

  @Test
  void aChangedCollectionIsReadAfterCommit() {
    long authorId = persistAuthor("Octavia");
    persistBook(authorId, "Kindred");
    assertEquals(1, bookCount(authorId));
    assertEquals(1, bookCount(authorId));

    persistBook(authorId, "Fledgling");

    assertEquals(2, bookCount(authorId));
    assertEquals(2, bookCount(authorId));
  }
}
