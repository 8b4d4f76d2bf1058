package io.nearcache.jcache.remote.topology;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Node lists in a file that a deploy tool or a sidecar rewrites. A file whose name ends in {@code
 * .json} holds a {@code nodes} array of objects with each node's metadata (see {@link
 * JsonServerLists}); any other file is a properties file with the same keys as the configuration:
 * {@code nearcache.zones.<zone>=host:port,...} and {@code
 * nearcache.pools.<pool>.zones.<zone>=host:port,...}, a node optionally followed by {@code
 * ;weight=<n>}. The file is read again when its modification time or size changes. Writers should
 * replace it atomically (write a temporary file, then rename) so that a half-written file is never
 * read.
 */
public final class FileServerListSource implements ServerListSource {
  private final Path file;
  private FileTime readTime;
  private long readSize = -1;
  private ServerList lastRead;

  /** Watches {@code file}. */
  public FileServerListSource(Path file) {
    this.file = requireNonNull(file, "file");
  }

  /** The watched file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized ServerList load() throws IOException {
    FileTime modified = Files.getLastModifiedTime(file);
    long size = Files.size(file);
    if (lastRead != null && modified.equals(readTime) && size == readSize) {
      return lastRead;
    }
    ServerList parsed;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      parsed = json() ? JsonServerLists.parse(in) : properties(in);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("server list file " + file + ": " + e.getMessage(), e);
    }
    lastRead = parsed;
    readTime = modified;
    readSize = size;
    return parsed;
  }

  private boolean json() {
    return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
  }

  private static ServerList properties(Reader in) throws IOException {
    Properties properties = new Properties();
    properties.load(in);
    Map<String, String> values = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
    return ServerList.parse(values);
  }

  @Override
  public String toString() {
    return "file:" + file;
  }
}
