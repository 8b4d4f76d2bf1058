package io.nearcache.spring;

import io.nearcache.jcache.config.NearcacheConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed on nearcache configuration: the provider's message names the
 * property, its value and what is allowed.
 */
final class NearcacheConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<NearcacheConfigurationException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, NearcacheConfigurationException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Correct the nearcache property named above where the application is configured"
            + " (application.properties or .yml, an environment variable, a system property or the"
            + " file spring.cache.jcache.config names). Every key, its default and its unit is"
            + " listed in the nearcache README and offered by IDE completion.",
        cause);
  }
}
