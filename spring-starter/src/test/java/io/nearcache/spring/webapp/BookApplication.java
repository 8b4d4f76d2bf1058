package io.nearcache.spring.webapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/** A REST service whose book lookups are cached with Spring's cache annotations. */
@SpringBootApplication
@EnableCaching
public class BookApplication {}
