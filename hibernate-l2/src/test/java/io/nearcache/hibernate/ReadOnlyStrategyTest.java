package io.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nearcache.hibernate.model.Author;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link StrategyContract} for read-only: Hibernate's own access; entities never change, and
 * Hibernate refuses to update one, so its cached state stays true.
 */
class ReadOnlyStrategyTest extends StrategyContract {
  @BeforeAll
  static void startFactory() {
    start("read-only");
  }

  @Test
  void anUpdateIsRefusedAndTheCachedStateStaysTrue() {
    long id = persistAuthor("Ada");
    readName(id);

    assertThrows(
        RuntimeException.class,
        () -> factory.inTransaction(session -> session.find(Author.class, id).setName("Changed")));

    assertEquals("Ada", readName(id));
  }
}
