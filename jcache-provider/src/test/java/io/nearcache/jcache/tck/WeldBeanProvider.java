package io.nearcache.jcache.tck;

import javax.cache.annotation.BeanProvider;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * Supplies the JSR-107 TCK's annotation tests with CDI beans: Weld SE with the JSR-107 CDI
 * annotations reference implementation. Archive isolation is off because the reference
 * implementation enables its interceptors in its own {@code beans.xml}, while the beans under test
 * live in the TCK's jar.
 */
public final class WeldBeanProvider implements BeanProvider {
  private final WeldContainer container =
      new Weld().property("org.jboss.weld.se.archive.isolation", false).initialize();

  @Override
  public <T> T getBeanByType(Class<T> beanClass) {
    return container.select(beanClass).get();
  }
}
