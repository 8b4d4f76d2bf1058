package io.nearcache.samples.spring;

import org.springframework.data.jpa.repository.JpaRepository;

/** Products in the database. */
public interface ProductRepository extends JpaRepository<Product, Long> {}
