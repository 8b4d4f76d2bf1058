package io.nearcache.samples.spring;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A product, kept in Hibernate's second-level cache between transactions. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Product {
  @Id private Long id;
  private String name;
  private BigDecimal price;

  /** For JPA. */
  protected Product() {}

  /** Creates a product. */
  public Product(Long id, String name, BigDecimal price) {
    this.id = id;
    this.name = name;
    this.price = price;
  }

  /** The product's id. */
  public Long getId() {
    return id;
  }

  /** The product's name. */
  public String getName() {
    return name;
  }

  /** The price in euros. */
  public BigDecimal getPrice() {
    return price;
  }

  /** Changes the price. */
  public void setPrice(BigDecimal price) {
    this.price = price;
  }
}
