package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A tiny blocking text-protocol client for the administrative commands spymemcached lacks: {@code
 * lru_crawler metadump}, {@code version}, {@code stats} and {@code flush_all}. Each call opens
 * its own connection and finishes, or fails with a {@link RemoteException}, within the timeout. Run
 * it off the request path.
 */
public final class AdminClient {
  private static final int MAX_LINE_BYTES = 64 * 1024;
  private static final int BUSY_ATTEMPTS = 50;
  private static final long BUSY_PAUSE_MILLIS = 20;

  private final String zone;
  private final Duration timeout;

  /** Whether the servers walk their hash table for a metadump; cleared by the first that cannot. */
  private volatile boolean hashWalk = true;

  /**
   * A client for the nodes of one zone.
   *
   * @param zone the zone of the nodes, for error messages
   * @param timeout the longest time one command may take, connecting included
   */
  public AdminClient(String zone, Duration timeout) {
    this.zone = requireNonNull(zone, "zone");
    this.timeout = requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /**
   * One item as {@code lru_crawler metadump} lists it.
   *
   * @param key the key, URL-decoded
   * @param expiresAt absolute expiry in Unix seconds, or -1 for none
   * @param lastAccess last access in Unix seconds
   * @param cas the CAS unique
   * @param fetched whether the item was read since it was stored
   * @param slabClass the slab class
   * @param size the item's size in memory, header included
   */
  public record Item(
      String key,
      long expiresAt,
      long lastAccess,
      long cas,
      boolean fetched,
      int slabClass,
      int size) {}

  /** The server's version, e.g. {@code 1.6.18}. */
  public String version(NodeAddress node) {
    List<String> lines = command(node, "version", "version", line -> line.startsWith("VERSION"));
    return lines.get(lines.size() - 1).substring("VERSION".length()).trim();
  }

  /** The general statistics ({@code stats}), in the server's order. */
  public Map<String, String> stats(NodeAddress node) {
    Map<String, String> stats = new LinkedHashMap<>();
    for (String line : command(node, "stats", "stats", "END"::equals)) {
      if (line.startsWith("STAT ")) {
        String[] parts = line.split(" ", 3);
        stats.put(parts[1], parts.length > 2 ? parts[2] : "");
      }
    }
    return stats;
  }

  /** Invalidates every item on the node. */
  public void flushAll(NodeAddress node) {
    command(node, "flush_all", "flush_all", "OK"::equals);
  }

  /** Every key on the node that starts with {@code prefix} (all keys for an empty prefix). */
  public List<String> keys(NodeAddress node, String prefix) {
    requireNonNull(prefix, "prefix");
    List<String> keys = new ArrayList<>();
    metadump(
        node,
        item -> {
          if (item.key().startsWith(prefix)) {
            keys.add(item.key());
          }
        });
    return keys;
  }

  /**
   * Streams every item of the node to {@code sink}, each exactly once: every item stored before the
   * walk began and still stored when it ended is listed. When another metadump is running the
   * server answers {@code BUSY}, and this retries for a bounded number of times within the timeout.
   *
   * <p>The walk goes over the server's hash table ({@code lru_crawler metadump hash}), not over its
   * LRU lists ({@code metadump all}): memcached moves items between the HOT, WARM and COLD
   * segments of an LRU as they are read, so an LRU walk misses an item moved behind the crawler
   * (measured on 1.6.18: 9 of 30 dumps of 4,000 items under concurrent reads missed some), while
   * the hash table holds still (its growth pauses while the crawler walks it). A server that does
   * not know {@code hash} (an older release) is walked over its LRUs, which may miss items that
   * are read meanwhile.
   */
  public void metadump(NodeAddress node, Consumer<Item> sink) {
    requireNonNull(sink, "sink");
    // A server that does not know the argument says so before it lists anything.
    if (hashWalk && metadump(node, "lru_crawler metadump hash", sink)) {
      return;
    }
    hashWalk = false;
    metadump(node, "lru_crawler metadump all", sink);
  }

  /** Runs one metadump command; false when the server does not know the command's argument. */
  private boolean metadump(NodeAddress node, String command, Consumer<Item> sink) {
    String operation = "lru_crawler metadump";
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int attempt = 1; attempt <= BUSY_ATTEMPTS; attempt++) {
      DumpEnd end =
          exchange(
              node,
              operation,
              command,
              deadline,
              in -> {
                for (String line = in.readLine(); ; line = in.readLine()) {
                  if (line.equals("END")) {
                    return DumpEnd.COMPLETE;
                  }
                  if (line.startsWith("BUSY")) {
                    return DumpEnd.BUSY;
                  }
                  if (line.startsWith("CLIENT_ERROR") || line.equals("ERROR")) {
                    return DumpEnd.UNKNOWN_ARGUMENT;
                  }
                  if (!line.startsWith("key=")) {
                    throw new IOException("unexpected answer '" + line + "'");
                  }
                  sink.accept(parseItem(line));
                }
              });
      switch (end) {
        case COMPLETE:
          return true;
        case UNKNOWN_ARGUMENT:
          return false;
        case BUSY:
        default:
          break;
      }
      if (System.nanoTime() + BUSY_PAUSE_MILLIS * 1_000_000 > deadline) {
        break;
      }
      pause(node, operation);
    }
    throw new RemoteException(
        zone, node, operation, null, "the crawler stayed busy with another request", null);
  }

  /** How a metadump answer ended. */
  private enum DumpEnd {
    COMPLETE,
    BUSY,
    UNKNOWN_ARGUMENT
  }

  /**
   * Parses one metadump line: {@code key=<urlencoded> exp=.. la=.. cas=.. fetch=.. cls=.. size=..}.
   */
  static Item parseItem(String line) {
    String key = null;
    long exp = -1;
    long lastAccess = 0;
    long cas = 0;
    boolean fetched = false;
    int slabClass = 0;
    int size = 0;
    for (String field : line.split(" ")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = field.substring(0, eq);
      String value = field.substring(eq + 1);
      switch (name) {
        case "key" -> key = percentDecode(value);
        case "exp" -> exp = Long.parseLong(value);
        case "la" -> lastAccess = Long.parseLong(value);
        case "cas" -> cas = Long.parseLong(value);
        case "fetch" -> fetched = value.equals("yes");
        case "cls" -> slabClass = Integer.parseInt(value);
        case "size" -> size = Integer.parseInt(value);
        default -> {
          // Newer servers add fields; they are not needed here.
        }
      }
    }
    if (key == null) {
      throw new IllegalArgumentException("metadump line without a key: " + line);
    }
    return new Item(key, exp, lastAccess, cas, fetched, slabClass, size);
  }

  /** Decodes memcached's URI encoding of a key ({@code %XX} bytes, UTF-8); '+' stays '+'. */
  static String percentDecode(String encoded) {
    if (encoded.indexOf('%') < 0) {
      return encoded;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length()) {
        bytes.write(Integer.parseInt(encoded, i + 1, i + 3, 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private List<String> command(
      NodeAddress node, String operation, String command, Predicate<String> last) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> lines = new ArrayList<>();
    exchange(
        node,
        operation,
        command,
        deadline,
        in -> {
          for (String line = in.readLine(); ; line = in.readLine()) {
            if (line.startsWith("ERROR")
                || line.startsWith("CLIENT_ERROR")
                || line.startsWith("SERVER_ERROR")) {
              throw new IOException("the server answered '" + line + "'");
            }
            lines.add(line);
            if (last.test(line)) {
              return null;
            }
          }
        });
    return lines;
  }

  /** Reads an answer from the server; may throw IOException. */
  @FunctionalInterface
  private interface Reader<T> {
    T read(DeadlineInput in) throws IOException;
  }

  private <T> T exchange(
      NodeAddress node, String operation, String command, long deadline, Reader<T> reader) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(node.host(), node.port()), remainingMillis(deadline));
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return reader.read(new DeadlineInput(socket, deadline));
    } catch (SocketTimeoutException e) {
      throw new RemoteTimeoutException(zone, node, operation, null, timeout, e);
    } catch (IOException e) {
      throw new RemoteException(zone, node, operation, null, String.valueOf(e.getMessage()), e);
    } catch (RuntimeException e) {
      throw new RemoteException(zone, node, operation, null, "unreadable answer: " + e, e);
    }
  }

  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long remaining = (deadline - System.nanoTime()) / 1_000_000;
    if (remaining <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, remaining);
  }

  private void pause(NodeAddress node, String operation) {
    try {
      Thread.sleep(BUSY_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException(zone, node, operation, null, "interrupted", e);
    }
  }

  /** Buffered socket input whose every read waits at most until the command's deadline. */
  private static final class DeadlineInput {
    private final Socket socket;
    private final InputStream in;
    private final long deadline;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);

    DeadlineInput(Socket socket, long deadline) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      this.deadline = deadline;
    }

    /** The next line without its line end ({@code \n} or {@code \r\n}). */
    String readLine() throws IOException {
      line.reset();
      remainingMillis(deadline);
      while (true) {
        if (in.available() == 0) {
          socket.setSoTimeout(remainingMillis(deadline));
        }
        int b = in.read();
        if (b < 0) {
          throw new IOException("the server closed the connection");
        }
        if (b == '\n') {
          String text = line.toString(StandardCharsets.UTF_8);
          return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
        if (line.size() >= MAX_LINE_BYTES) {
          throw new IOException("a line longer than " + MAX_LINE_BYTES + " bytes");
        }
        line.write(b);
      }
    }
  }
}
