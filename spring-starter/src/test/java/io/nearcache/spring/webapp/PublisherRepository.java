package io.nearcache.spring.webapp;

import org.springframework.data.jpa.repository.JpaRepository;

/** Publishers in H2. */
public interface PublisherRepository extends JpaRepository<Publisher, Long> {}
