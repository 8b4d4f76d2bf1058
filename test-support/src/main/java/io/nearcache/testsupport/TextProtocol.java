package io.nearcache.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One memcached text-protocol command over a fresh loopback connection, with a bounded connect and
 * read timeout. Enough for probing and flushing nodes; not a client.
 */
final class TextProtocol {
  private static final int MAX_REPLY_BYTES = 1 << 20;

  private TextProtocol() {}

  /**
   * Sends {@code command} (without the line end) and returns the reply up to and including the
   * first line that starts with {@code lastLine} or with an error word.
   *
   * @throws IOException on a connect failure, a timeout or a closed connection
   */
  static String call(String host, int port, String command, String lastLine, Duration timeout)
      throws IOException {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return readReply(socket.getInputStream(), lastLine, command, host + ":" + port);
    }
  }

  private static String readReply(InputStream in, String lastLine, String command, String node)
      throws IOException {
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (reply.size() < MAX_REPLY_BYTES) {
      int b = in.read();
      if (b < 0) {
        throw new IOException(node + " closed the connection during '" + command + "'");
      }
      reply.write(b);
      if (b != '\n') {
        line.write(b);
        continue;
      }
      String text = line.toString(StandardCharsets.US_ASCII).strip();
      line.reset();
      if (text.startsWith(lastLine)
          || text.startsWith("ERROR")
          || text.startsWith("CLIENT_ERROR")
          || text.startsWith("SERVER_ERROR")) {
        return reply.toString(StandardCharsets.US_ASCII);
      }
    }
    throw new IOException(
        node + " sent more than " + MAX_REPLY_BYTES + " bytes for '" + command + "'");
  }
}
