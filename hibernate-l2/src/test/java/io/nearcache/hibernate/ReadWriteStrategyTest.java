package io.nearcache.hibernate;

import org.junit.jupiter.api.BeforeAll;

/** {@link UpdatableStrategyContract} for read-write: soft locks atomic across JVMs. */
class ReadWriteStrategyTest extends UpdatableStrategyContract {
  @BeforeAll
  static void startFactory() {
    start("read-write");
  }
}
