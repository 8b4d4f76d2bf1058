package io.nearcache.testsupport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Just enough of memcached's binary protocol to probe and flush a node started with {@code -S},
 * which refuses the text protocol: list the SASL mechanisms (answered before authentication, so it
 * is a ping), authenticate with PLAIN, and {@code flush}. Each call is one fresh loopback connection
 * with a bounded connect and read timeout. Not a client.
 */
final class BinaryProtocol {
  static final int STATUS_OK = 0;
  static final int STATUS_AUTH_ERROR = 0x20;

  private static final int HEADER_BYTES = 24;
  private static final byte REQUEST = (byte) 0x80;
  private static final byte RESPONSE = (byte) 0x81;
  private static final byte OP_FLUSH = 0x08;
  private static final byte OP_SASL_LIST_MECHS = 0x20;
  private static final byte OP_SASL_AUTH = 0x21;
  private static final int MAX_BODY_BYTES = 1 << 16;

  private BinaryProtocol() {}

  /** One answer: its status and body. */
  record Answer(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.US_ASCII);
    }
  }

  /**
   * The node's SASL mechanisms, e.g. {@code PLAIN}.
   *
   * @throws IOException on a connect failure, a timeout or a closed connection
   */
  static String mechanisms(String host, int port, Duration timeout) throws IOException {
    try (Socket socket = connect(host, port, timeout)) {
      Answer answer = exchange(socket, OP_SASL_LIST_MECHS, new byte[0], new byte[0], new byte[0]);
      if (answer.status() != STATUS_OK) {
        throw new IOException(
            host + ":" + port + " answered status " + answer.status() + " to SASL list mechs");
      }
      return answer.text();
    }
  }

  /**
   * Authenticates with PLAIN and returns the status: {@link #STATUS_OK} or {@link
   * #STATUS_AUTH_ERROR}.
   */
  static int authenticate(String host, int port, String user, String password, Duration timeout)
      throws IOException {
    try (Socket socket = connect(host, port, timeout)) {
      return plain(socket, user, password).status();
    }
  }

  /**
   * Authenticates, then sends {@code flush}.
   *
   * @throws IOException when authentication or the flush fails
   */
  static void flushAll(String host, int port, String user, String password, Duration timeout)
      throws IOException {
    try (Socket socket = connect(host, port, timeout)) {
      Answer auth = plain(socket, user, password);
      if (auth.status() != STATUS_OK) {
        throw new IOException(
            host + ":" + port + " refused SASL PLAIN for user " + user + ": " + auth.text());
      }
      Answer flush = exchange(socket, OP_FLUSH, new byte[0], new byte[0], new byte[0]);
      if (flush.status() != STATUS_OK) {
        throw new IOException(host + ":" + port + " answered flush with " + flush.text());
      }
    }
  }

  private static Answer plain(Socket socket, String user, String password) throws IOException {
    byte[] name = user.getBytes(StandardCharsets.UTF_8);
    byte[] secret = password.getBytes(StandardCharsets.UTF_8);
    // PLAIN: authorization id (empty), NUL, user, NUL, password.
    ByteBuffer message = ByteBuffer.allocate(2 + name.length + secret.length);
    message.put((byte) 0).put(name).put((byte) 0).put(secret);
    return exchange(
        socket,
        OP_SASL_AUTH,
        new byte[0],
        "PLAIN".getBytes(StandardCharsets.US_ASCII),
        message.array());
  }

  private static Socket connect(String host, int port, Duration timeout) throws IOException {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private static Answer exchange(Socket socket, byte opcode, byte[] extras, byte[] key, byte[] value)
      throws IOException {
    ByteBuffer request = ByteBuffer.allocate(HEADER_BYTES + extras.length + key.length + value.length);
    request.put(REQUEST).put(opcode).putShort((short) key.length).put((byte) extras.length);
    request.put((byte) 0).putShort((short) 0);
    request.putInt(extras.length + key.length + value.length).putInt(0).putLong(0);
    request.put(extras).put(key).put(value);
    OutputStream out = socket.getOutputStream();
    out.write(request.array());
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] header = new byte[HEADER_BYTES];
    in.readFully(header);
    ByteBuffer h = ByteBuffer.wrap(header);
    if (h.get(0) != RESPONSE) {
      throw new IOException("not a binary-protocol response: magic " + h.get(0));
    }
    int status = h.getShort(6) & 0xFFFF;
    int bodyLength = h.getInt(8);
    if (bodyLength < 0 || bodyLength > MAX_BODY_BYTES) {
      throw new IOException("implausible response body length " + bodyLength);
    }
    byte[] body = new byte[bodyLength];
    in.readFully(body);
    int skip = (h.get(4) & 0xFF) + (h.getShort(2) & 0xFFFF);
    byte[] valuePart = new byte[Math.max(0, bodyLength - skip)];
    System.arraycopy(body, Math.min(skip, bodyLength), valuePart, 0, valuePart.length);
    return new Answer(status, valuePart);
  }
}
