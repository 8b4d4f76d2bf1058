package io.nearcache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearcache.jcache.config.SettingKey;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * Issue 7: the generated configuration metadata types every provider key, describes it, and states
 * the provider's own default, so IDE completion tells the truth.
 */
class ConfigurationMetadataTest {
  private static Map<String, JsonNode> properties() throws IOException {
    Map<String, JsonNode> byName = new HashMap<>();
    try (InputStream in =
        ConfigurationMetadataTest.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata").isNotNull();
      for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
        byName.put(property.get("name").asText(), property);
      }
    }
    return byName;
  }

  @Test
  void everyProviderKeyIsATypedDescribedProperty() throws IOException {
    Map<String, JsonNode> properties = properties();
    for (SettingKey key : SettingKey.values()) {
      String name = "nearcache." + key.suffix();
      assertThat(properties).as("metadata for " + name).containsKey(name);
      assertThat(properties.get(name).path("description").asText()).as(name).isNotBlank();
    }
    for (String name :
        new String[] {
          "nearcache.zones", "nearcache.local-zone", "nearcache.primary-zone", "nearcache.caches"
        }) {
      assertThat(properties.get(name).path("description").asText()).as(name).isNotBlank();
    }
  }

  @Test
  void theDefaultsAreTheProvidersExceptStatisticsWhichTheStarterTurnsOn() throws IOException {
    Map<String, JsonNode> properties = properties();
    for (SettingKey key : SettingKey.values()) {
      JsonNode documented = properties.get("nearcache." + key.suffix()).get("defaultValue");
      if (key == SettingKey.STATISTICS_ENABLED) {
        assertThat(documented.asBoolean()).isTrue();
        continue;
      }
      if (key.defaultValue() == null) {
        assertThat(documented).as(key.suffix() + " has no default").isNull();
        continue;
      }
      assertThat(documented).as(key.suffix() + " documents its default").isNotNull();
      assertThat(normalize(documented.asText()))
          .as(key.suffix())
          .isEqualTo(normalize(key.defaultValue()));
    }
  }

  /** One spelling for a default, whatever its type. */
  private static String normalize(String value) {
    String text = value.trim();
    if (text.matches("\\d+\\s*(ms|s|m|h|d)")) {
      return DurationStyle.SIMPLE.parse(text).toString();
    }
    if (text.matches("\\d+\\s*(B|KB|MB|GB)")) {
      return Long.toString(DataSize.parse(text).toBytes());
    }
    return text.toLowerCase(Locale.ROOT);
  }
}
