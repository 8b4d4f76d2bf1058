package io.nearcache.samples.spring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /products/{id}?currency=USD}: a product (from the second-level cache after its first
 * load) priced with a cached exchange rate; {@code PUT /products/{id}/price} changes a price.
 */
@RestController
public class ProductController {
  private final ProductRepository products;
  private final ExchangeRates rates;

  /** Creates the controller. */
  public ProductController(ProductRepository products, ExchangeRates rates) {
    this.products = products;
    this.rates = rates;
  }

  /** A product priced in the currency. */
  @GetMapping("/products/{id}")
  public Map<String, Object> product(
      @PathVariable long id, @RequestParam(defaultValue = "EUR") String currency) {
    Product product = find(id);
    BigDecimal price =
        product.getPrice().multiply(rates.perEuro(currency)).setScale(2, RoundingMode.HALF_EVEN);
    return Map.of("id", id, "name", product.getName(), "price", price, "currency", currency);
  }

  /** Changes a product's price in euros. */
  @PutMapping("/products/{id}/price")
  @Transactional
  public Map<String, Object> price(@PathVariable long id, @RequestBody BigDecimal euros) {
    Product product = find(id);
    product.setPrice(euros);
    return Map.of("id", id, "name", product.getName(), "price", euros, "currency", "EUR");
  }

  private Product find(long id) {
    return products
        .findById(id)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No product " + id));
  }
}
