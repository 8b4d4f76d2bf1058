package io.nearcache.hibernate;

import java.util.List;
import org.hibernate.boot.registry.selector.SimpleStrategyRegistrationImpl;
import org.hibernate.boot.registry.selector.StrategyRegistration;
import org.hibernate.boot.registry.selector.StrategyRegistrationProvider;
import org.hibernate.cache.spi.RegionFactory;

/**
 * Registers {@link NearcacheRegionFactory} with Hibernate's strategy selector under {@code
 * nearcache}, its class name and its simple name, for {@code hibernate.cache.region.factory_class}.
 * Listed in {@code META-INF/services}.
 */
public final class NearcacheStrategyRegistrationProvider implements StrategyRegistrationProvider {
  /** Creates the provider; Hibernate's service loading does this. */
  public NearcacheStrategyRegistrationProvider() {}

  @Override
  @SuppressWarnings(
      "rawtypes") // Hibernate 6 declares the raw type, Hibernate 7 StrategyRegistration<?>.
  public Iterable<StrategyRegistration> getStrategyRegistrations() {
    return List.of(
        new SimpleStrategyRegistrationImpl<>(
            RegionFactory.class,
            NearcacheRegionFactory.class,
            NearcacheRegionFactory.SHORT_NAME,
            NearcacheRegionFactory.class.getName(),
            NearcacheRegionFactory.class.getSimpleName()));
  }
}
