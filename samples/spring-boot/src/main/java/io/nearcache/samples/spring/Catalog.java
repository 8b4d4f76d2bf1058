package io.nearcache.samples.spring;

import java.math.BigDecimal;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Fills the in-memory database with a few products at start-up. */
@Component
public class Catalog implements ApplicationRunner {
  private final ProductRepository products;

  /** Creates the loader. */
  public Catalog(ProductRepository products) {
    this.products = products;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (products.count() == 0) {
      products.saveAll(
          List.of(
              new Product(1L, "Espresso machine", new BigDecimal("249.00")),
              new Product(2L, "Grinder", new BigDecimal("129.50")),
              new Product(3L, "Milk jug", new BigDecimal("14.90"))));
    }
  }
}
