package io.nearcache.jcache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The commented reference file documents every setting with the default the code applies. */
class ReferencePropertiesTest {
  private static String text() throws IOException {
    try (InputStream in =
        ReferencePropertiesTest.class.getResourceAsStream("/nearcache-reference.properties")) {
      assertNotNull(in, "nearcache-reference.properties is missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everySettingIsDocumentedWithItsDefault() throws IOException {
    String text = text();
    Properties active = new Properties();
    active.load(new java.io.StringReader(text));
    for (SettingKey key : SettingKey.values()) {
      String name = NearcacheProperties.PREFIX + key.suffix();
      if (key.defaultValue() == null) {
        assertTrue(
            text.contains("#" + name + "="), name + " has no default and must appear commented");
      } else {
        assertEquals(key.defaultValue(), active.getProperty(name), name + " default differs");
      }
    }
  }

  @Test
  void theReferenceFileItselfIsAValidConfiguration() throws IOException {
    Properties active = new Properties();
    active.load(new java.io.StringReader(text()));
    NearcacheProperties loaded =
        NearcacheProperties.load(
            java.net.URI.create("urn:reference"),
            java.net.URI.create("urn:default"),
            getClass().getClassLoader(),
            active);
    assertEquals(100000L, loaded.settingsFor("any").maximumSize());
  }
}
