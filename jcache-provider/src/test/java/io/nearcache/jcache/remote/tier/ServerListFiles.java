package io.nearcache.jcache.remote.tier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes the server list file a {@code file:} topology source watches. */
final class ServerListFiles {
  private ServerListFiles() {}

  /**
   * Replaces the file atomically with zone a's node list; the version comment makes every version
   * differ in content.
   */
  static void write(Path file, List<String> zoneA, int version) throws IOException {
    String text = "# version " + version + "\nnearcache.zones.a=" + String.join(",", zoneA) + "\n";
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
