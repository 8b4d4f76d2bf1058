package io.nearcache.jcache.remote.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.nearcache.jcache.remote.NodeAddress;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads server lists written as JSON: one object with a {@code nodes} array, each node an object
 * carrying its metadata.
 *
 * <pre>{@code
 * {"nodes": [
 *   {"zone": "a", "address": "10.0.0.1:11211", "weight": 2},
 *   {"zone": "a", "host": "10.0.0.2", "port": 11211},
 *   {"pool": "sessions", "zone": "a", "address": "10.0.1.1:11211"}
 * ]}
 * }</pre>
 *
 * <p>{@code zone} is required; {@code pool} defaults to {@value ServerList#DEFAULT_POOL}; the
 * node is {@code address} ({@code host:port}) or {@code host} and {@code port}; {@code weight}
 * defaults to 1. A zone's nodes keep the file's order. Any other field, a missing or mistyped one,
 * or trailing content rejects the whole file, so that a typo never passes as a smaller list.
 */
final class JsonServerLists {
  private static final Set<String> FIELDS = Set.of("pool", "zone", "address", "host", "port", "weight");
  private static final JsonFactory JSON = new JsonFactory();

  private JsonServerLists() {}

  /**
   * Parses the document.
   *
   * @throws IllegalArgumentException naming the node (by its position) and what is wrong
   * @throws IOException when the text cannot be read
   */
  static ServerList parse(Reader in) throws IOException {
    Map<String, Map<String, List<NodeAddress>>> pools = new TreeMap<>();
    Map<String, Map<String, Map<NodeAddress, Integer>>> weights = new TreeMap<>();
    try (JsonParser parser = JSON.createParser(in)) {
      expect(parser.nextToken() == JsonToken.START_OBJECT, "the document must be an object");
      boolean sawNodes = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        expect("nodes".equals(field), "unknown top-level field '" + field + "'; expected nodes");
        expect(parser.nextToken() == JsonToken.START_ARRAY, "nodes must be an array");
        sawNodes = true;
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          try {
            Map<String, Object> node = readNode(parser);
            String pool = text(node, "pool", ServerList.DEFAULT_POOL);
            String zone = text(node, "zone", null);
            NodeAddress address = address(node);
            pools
                .computeIfAbsent(pool, p -> new TreeMap<>())
                .computeIfAbsent(zone, z -> new ArrayList<>())
                .add(address);
            if (node.containsKey("weight")) {
              weights
                  .computeIfAbsent(pool, p -> new TreeMap<>())
                  .computeIfAbsent(zone, z -> new HashMap<>())
                  .put(address, number(node, "weight"));
            }
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nodes[" + index + "]: " + e.getMessage(), e);
          }
          index++;
        }
      }
      expect(sawNodes, "the document has no nodes array");
      expect(parser.nextToken() == null, "unexpected content after the document");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not valid JSON: " + e.getOriginalMessage() + " at " + e.getLocation(), e);
    }
    return new ServerList(pools, weights);
  }

  private static Map<String, Object> readNode(JsonParser parser) throws IOException {
    expect(parser.currentToken() == JsonToken.START_OBJECT, "a node must be an object");
    Map<String, Object> node = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      expect(
          FIELDS.contains(field),
          "unknown field '" + field + "'; a node has pool, zone, address or host and port, weight");
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING) {
        node.put(field, parser.getText());
      } else if (value == JsonToken.VALUE_NUMBER_INT) {
        node.put(field, parser.getLongValue());
      } else {
        throw new IllegalArgumentException(field + " must be a string or a whole number");
      }
    }
    return node;
  }

  private static NodeAddress address(Map<String, Object> node) {
    if (node.containsKey("address")) {
      expect(
          !node.containsKey("host") && !node.containsKey("port"),
          "give address, or host and port, not both");
      return NodeAddress.parse(text(node, "address", null));
    }
    expect(node.containsKey("host"), "a node needs address (host:port), or host and port");
    return new NodeAddress(text(node, "host", null), number(node, "port"));
  }

  private static String text(Map<String, Object> node, String field, String absent) {
    Object value = node.get(field);
    if (value == null) {
      expect(absent != null, "a node needs " + field);
      return absent;
    }
    expect(value instanceof String s && !s.isBlank(), field + " must be a non-empty string");
    return (String) value;
  }

  private static int number(Map<String, Object> node, String field) {
    Object value = node.get(field);
    expect(value != null, "a node needs " + field);
    expect(value instanceof Long, field + " must be a whole number");
    long number = (Long) value;
    expect(number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE, field + " is out of range");
    return (int) number;
  }

  private static void expect(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }
}
