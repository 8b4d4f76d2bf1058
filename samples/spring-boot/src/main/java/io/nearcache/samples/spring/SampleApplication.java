package io.nearcache.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * The sample's entry point. With no {@code nearcache.zones.*} configured it runs on the embedded
 * near tier; point it at memcached with, for example, {@code --nearcache.zones.a=127.0.0.1:11211}.
 */
@SpringBootApplication
@EnableCaching
public class SampleApplication {
  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
