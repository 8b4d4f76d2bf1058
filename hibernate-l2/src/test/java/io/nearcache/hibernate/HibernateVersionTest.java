package io.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hibernate.Version;
import org.junit.jupiter.api.Test;

/**
 * The suite runs on the Hibernate version its build names ({@code expected.hibernate.version}): 6.6
 * in this module, 7 when the module hibernate-l2-hibernate7 runs the same tests.
 */
class HibernateVersionTest {
  @Test
  void theSuiteRunsOnTheHibernateVersionTheBuildNames() {
    assertEquals(System.getProperty("expected.hibernate.version"), Version.getVersionString());
  }
}
