package io.nearcache.hibernate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.hibernate.SessionFactory;

/** Plain JDBC on a session factory's database, behind Hibernate's back. */
final class TestDatabase {
  private TestDatabase() {}

  /** Runs one statement on the database of {@code factory}, outside Hibernate and its cache. */
  static void execute(SessionFactory factory, String sql) throws SQLException {
    String url = (String) factory.getProperties().get("hibernate.connection.url");
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    }
  }
}
