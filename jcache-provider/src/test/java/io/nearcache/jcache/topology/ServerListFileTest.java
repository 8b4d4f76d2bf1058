package io.nearcache.jcache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearcache.jcache.remote.NodeAddress;
import io.nearcache.jcache.remote.topology.FileServerListSource;
import io.nearcache.jcache.remote.topology.ServerList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watched server list files, JSON and properties: what a valid file gives, and that every kind of
 * invalid file is refused with a message naming the file, the node and the problem.
 */
class ServerListFileTest {
  @TempDir Path directory;

  private static final NodeAddress A1 = new NodeAddress("10.0.0.1", 11211);
  private static final NodeAddress A2 = new NodeAddress("10.0.0.2", 11212);
  private static final NodeAddress S1 = new NodeAddress("10.0.1.1", 11211);

  @Test
  void jsonNodesCarryZonePoolAndWeight() throws Exception {
    ServerList lists =
        load(
            "servers.json",
            """
            {"nodes": [
              {"zone": "a", "address": "10.0.0.1:11211", "weight": 3},
              {"zone": "a", "host": "10.0.0.2", "port": 11212},
              {"pool": "sessions", "zone": "a", "address": "10.0.1.1:11211"}
            ]}
            """);
    assertEquals(List.of(A1, A2), lists.zones(ServerList.DEFAULT_POOL).get("a"), "file order");
    assertEquals(Map.of(A1, 3), lists.weights(ServerList.DEFAULT_POOL, "a"));
    assertEquals(List.of(S1), lists.zones("sessions").get("a"));
    assertEquals(Map.of(), lists.weights("sessions", "a"));
  }

  @Test
  void propertiesNodesMayCarryAWeight() throws Exception {
    ServerList lists =
        load(
            "servers.properties",
            "nearcache.zones.a=10.0.0.1:11211;weight=3, 10.0.0.2:11212\n"
                + "nearcache.pools.sessions.zones.a=10.0.1.1:11211\n");
    assertEquals(List.of(A1, A2), lists.zones(ServerList.DEFAULT_POOL).get("a"));
    assertEquals(Map.of(A1, 3), lists.weights(ServerList.DEFAULT_POOL, "a"));
    assertEquals(List.of(S1), lists.zones("sessions").get("a"));
  }

  @Test
  void invalidJsonIsRefusedWithTheReason() throws Exception {
    Map<String, String> problems =
        Map.of(
            "{\"nodes\": [{\"zone\": \"a\", \"adress\": \"10.0.0.1:11211\"}]}",
            "nodes[0]: unknown field 'adress'",
            "{\"nodes\": [{\"address\": \"10.0.0.1:11211\"}]}",
            "nodes[0]: a node needs zone",
            "{\"nodes\": [{\"zone\": \"a\", \"address\": \"10.0.0.1:11211\"},"
                + " {\"zone\": \"a\", \"address\": \"10.0.0.1\"}]}",
            "nodes[1]: Invalid memcached node '10.0.0.1'",
            "{\"nodes\": [{\"zone\": \"a\", \"address\": \"10.0.0.1:1\", \"port\": 2}]}",
            "not both",
            "{\"nodes\": [{\"zone\": \"a\", \"address\": \"10.0.0.1:1\", \"weight\": 0}]}",
            "weight 0; expected 1 to 1000",
            "{\"nodes\": [{\"zone\": \"a\", \"host\": \"10.0.0.1\", \"port\": \"x\"}]}",
            "port must be a whole number",
            "{\"nodes\": [{\"zone\": \"a\", \"address\": \"10.0.0.1:1\"}",
            "not valid JSON",
            "{\"nodes\": []} {}",
            "unexpected content after the document",
            "{\"servers\": []}",
            "unknown top-level field 'servers'",
            "{\"nodes\": [{\"zone\": \"a\", \"address\": \"10.0.0.1:1\", \"weight\": 1.5}]}",
            "weight must be a string or a whole number");
    int i = 0;
    for (Map.Entry<String, String> problem : problems.entrySet()) {
      String name = "bad-" + i++ + ".json";
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> load(name, problem.getKey()));
      assertTrue(e.getMessage().contains(problem.getValue()), problem.getKey() + " -> " + e);
      assertTrue(e.getMessage().contains(name), "names the file: " + e.getMessage());
    }
  }

  @Test
  void aWeightThatLeavesANodeNoPointIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                load(
                    "servers.properties",
                    "nearcache.zones.a=10.0.0.1:11211;weight=1000,10.0.0.2:11212;weight=1\n"));
    assertTrue(e.getMessage().contains("would get no point on the ketama ring"), e.getMessage());
  }

  @Test
  void anUnchangedFileIsNotReadAgain() throws Exception {
    Path file = directory.resolve("servers.json");
    Files.writeString(file, "{\"nodes\": [{\"zone\": \"a\", \"address\": \"10.0.0.1:11211\"}]}");
    FileServerListSource source = new FileServerListSource(file);
    ServerList first = source.load();
    assertTrue(first == source.load(), "the same object while the file is unchanged");
  }

  private ServerList load(String name, String text) throws Exception {
    Path file = directory.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return new FileServerListSource(file).load();
  }
}
