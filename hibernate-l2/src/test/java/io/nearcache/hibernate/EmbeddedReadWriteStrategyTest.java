package io.nearcache.hibernate;

import org.junit.jupiter.api.BeforeAll;

/**
 * {@link UpdatableStrategyContract} for read-write on the embedded default: no zones configured,
 * every region on the near tier alone.
 */
class EmbeddedReadWriteStrategyTest extends UpdatableStrategyContract {
  @BeforeAll
  static void startFactory() {
    start(TestSessionFactories.strategy("read-write"));
  }
}
