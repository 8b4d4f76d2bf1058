package io.nearcache.samples.zones;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scripted scene: when it started, what it does, and what it observed.
 *
 * @param seconds when it started, in seconds since the demo started
 * @param id a stable name, e.g. {@code node-killed}
 * @param title the line announced on screen
 * @param facts what the scene measured, by name, in insertion order
 */
record Scene(double seconds, String id, String title, Map<String, String> facts) {
  Scene(double seconds, String id, String title) {
    this(seconds, id, title, new LinkedHashMap<>());
  }

  /** Records a fact and returns this scene. */
  Scene fact(String name, Object value) {
    facts.put(name, String.valueOf(value));
    return this;
  }
}
