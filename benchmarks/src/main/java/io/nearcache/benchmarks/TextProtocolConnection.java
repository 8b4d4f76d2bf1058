package io.nearcache.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The least a memcached client can do for a {@code get}: one blocking loopback socket, one request
 * written in one call from bytes prepared in advance, the reply parsed in place in a reused buffer.
 *
 * <p>It exists to measure the floor. A remote get costs a round trip through the kernel and the
 * server, plus whatever the client adds: queues, I/O threads, futures, wake-ups, decoding. This
 * connection adds almost nothing (no thread hop, no allocation besides the returned String), so
 * {@code client time - this time} is what a client's own machinery costs. It is deliberately not a
 * usable client: one thread per connection, no pipelining, no reconnection, no timeouts beyond the
 * socket's, and it understands only {@code get} hits and misses and {@code set}.
 */
final class TextProtocolConnection implements AutoCloseable {
  private static final byte[] END = "END\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VALUE = "VALUE ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STORED = "STORED\r\n".getBytes(StandardCharsets.US_ASCII);

  private final String node;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] buffer = new byte[16 * 1024];
  private int start;
  private int end;

  /** Connects to {@code host:port}; every read waits at most {@code timeout}. */
  TextProtocolConnection(String host, int port, Duration timeout) {
    this.node = host + ":" + port;
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    this.socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException("Cannot connect to memcached " + node, e);
    }
  }

  /** The bytes of {@code get <key>\r\n}, to prepare once per key before measuring. */
  static byte[] getRequest(String key) {
    return ("get " + key + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Sends a prepared {@code get} and returns the value decoded as UTF-8 (what spymemcached does
   * for a String stored with flags 0), or null on a miss.
   */
  String get(byte[] request) {
    try {
      out.write(request);
      int header = lineLength();
      if (startsWith(END)) {
        start += header;
        return null;
      }
      if (!startsWith(VALUE)) {
        throw unexpected(header, "get");
      }
      // VALUE <key> <flags> <bytes>\r\n: the length is the last field of the header line.
      int length = 0;
      for (int at = start + header - 3, scale = 1; buffer[at] != ' '; at--, scale *= 10) {
        length += (buffer[at] - '0') * scale;
      }
      int reply = header + length + 2 + END.length;
      require(reply);
      String value = new String(buffer, start + header, length, StandardCharsets.UTF_8);
      start += reply;
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("get failed on memcached " + node, e);
    }
  }

  /** Stores {@code value} under {@code key} with flags 0 and no expiry; for preloading only. */
  void set(String key, byte[] value) {
    try {
      byte[] header =
          ("set " + key + " 0 0 " + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
      byte[] request = Arrays.copyOf(header, header.length + value.length + 2);
      System.arraycopy(value, 0, request, header.length, value.length);
      request[request.length - 2] = '\r';
      request[request.length - 1] = '\n';
      out.write(request);
      int line = lineLength();
      if (!startsWith(STORED)) {
        throw unexpected(line, "set " + key);
      }
      start += line;
    } catch (IOException e) {
      throw new UncheckedIOException("set failed on memcached " + node, e);
    }
  }

  /** Reads until a whole line follows {@code start}; returns its length with the line end. */
  private int lineLength() throws IOException {
    int searched = 0;
    while (true) {
      for (; start + searched + 1 < end; searched++) {
        if (buffer[start + searched] == '\r' && buffer[start + searched + 1] == '\n') {
          return searched + 2;
        }
      }
      fill();
    }
  }

  /** Reads until at least {@code length} bytes follow {@code start}. */
  private void require(int length) throws IOException {
    while (end - start < length) {
      fill();
    }
  }

  /** Reads more bytes, first moving the unread ones to the front of the buffer. */
  private void fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buffer.length) {
      throw new IllegalStateException("A reply from memcached " + node + " exceeds the buffer");
    }
    int read = in.read(buffer, end, buffer.length - end);
    if (read < 0) {
      throw new IOException("memcached " + node + " closed the connection");
    }
    end += read;
  }

  private IllegalStateException unexpected(int lineLength, String command) {
    return new IllegalStateException(
        "memcached "
            + node
            + " answered '"
            + new String(buffer, start, lineLength, StandardCharsets.US_ASCII).strip()
            + "' to "
            + command);
  }

  private boolean startsWith(byte[] prefix) {
    if (end - start < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buffer[start + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do for a benchmark connection that is going away.
    }
  }
}
