package io.nearcache.quarkus.deployment;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import javax.cache.CacheManager;

/**
 * A Quarkus application driven line by line on its standard input, for tests that run it as a
 * separate JVM process: each command calls a cached method of {@link ProductService} or looks at
 * the near tier, and answers one line starting with {@code >}.
 *
 * <pre>
 * load ID            > loaded ID COMPUTED-BY calls=N
 * invalidate ID      > invalidated ID
 * invalidate-all     > invalidated-all
 * price SKU CURRENCY > price VALUE calls=N
 * catalog            > catalog VALUES calls=N
 * near ID            > near ID true|false
 * quit
 * </pre>
 */
@QuarkusMain
public class CacheWorker implements QuarkusApplication {
  @Inject ProductService service;

  @Inject CacheManager cacheManager;

  @Override
  public int run(String... args) throws Exception {
    System.out.println("> ready");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.trim().split(" ");
      switch (words[0]) {
        case "load" -> {
          Product product = service.product(Long.parseLong(words[1]));
          answer(
              "loaded "
                  + product.id()
                  + " "
                  + product.computedBy()
                  + " calls="
                  + service.productCalls());
        }
        case "invalidate" -> {
          service.changed(Long.parseLong(words[1]));
          answer("invalidated " + words[1]);
        }
        case "invalidate-all" -> {
          service.reload();
          answer("invalidated-all");
        }
        case "price" -> {
          var price = service.price(words[1], words[2], "request");
          answer("price " + price + " calls=" + service.priceCalls());
        }
        case "catalog" -> {
          var catalog = service.catalog();
          answer("catalog " + String.join(",", catalog) + " calls=" + service.catalogCalls());
        }
        case "near" -> {
          boolean near =
              cacheManager
                  .getCache("products")
                  .unwrap(com.github.benmanes.caffeine.cache.Cache.class)
                  .asMap()
                  .containsKey(Long.parseLong(words[1]));
          answer("near " + words[1] + " " + near);
        }
        case "quit" -> {
          return 0;
        }
        default -> answer("unknown " + line);
      }
    }
    return 0;
  }

  private static void answer(String text) {
    System.out.println("> " + text);
    System.out.flush();
  }
}
