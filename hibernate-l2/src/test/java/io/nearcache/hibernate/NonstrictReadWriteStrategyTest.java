package io.nearcache.hibernate;

import org.junit.jupiter.api.BeforeAll;

/**
 * {@link UpdatableStrategyContract} for nonstrict-read-write: Hibernate's own access, entries
 * evicted on change.
 */
class NonstrictReadWriteStrategyTest extends UpdatableStrategyContract {
  @BeforeAll
  static void startFactory() {
    start("nonstrict-read-write");
  }
}
