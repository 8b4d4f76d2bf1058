package io.nearcache.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Figures a benchmark measures besides JMH's own (tier hit counts), written as one JSON object a
 * line to the file the environment variable {@value #VARIABLE} names, so the report can put them
 * beside the JMH results. JMH forks inherit the environment, so every fork appends to the same
 * file; forks run one after another. Without the variable the line goes to standard output only.
 */
final class Sidecar {
  /** Environment variable naming the file to append to. */
  static final String VARIABLE = "NEARCACHE_BENCHMARK_SIDECAR";

  private Sidecar() {}

  /** Appends one record; numbers stay numbers, everything else becomes a JSON string. */
  static synchronized void append(Map<String, ?> record) {
    String line =
        record.entrySet().stream()
            .map(e -> quote(e.getKey()) + ": " + value(e.getValue()))
            .collect(Collectors.joining(", ", "{", "}"));
    System.out.println("sidecar " + line);
    String file = System.getenv(VARIABLE);
    if (file == null || file.isBlank()) {
      return;
    }
    try {
      Files.writeString(
          Path.of(file),
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append to " + VARIABLE + "=" + file, e);
    }
  }

  private static String value(Object value) {
    return value instanceof Number ? value.toString() : quote(String.valueOf(value));
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
