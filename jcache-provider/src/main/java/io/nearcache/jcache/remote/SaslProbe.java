package io.nearcache.jcache.remote;

import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Checks SASL credentials against each node before the zone's spymemcached client is created: one
 * binary-protocol {@code SASL auth} (PLAIN) per node on its own short connection.
 *
 * <p>Why: spymemcached authenticates in the background and, on a wrong password, retries every 100
 * ms forever while the node's operations fail; nothing tells the application. Probing first turns a
 * wrong password, or a server started without {@code -S}, into one clear error when the
 * CacheManager starts. A node that cannot be reached is skipped: it is connected and authenticated
 * in the background like any node that is down.
 */
final class SaslProbe {
  private static final int HEADER_BYTES = 24;
  private static final byte REQUEST = (byte) 0x80;
  private static final byte RESPONSE = (byte) 0x81;
  private static final byte OP_SASL_AUTH = 0x21;
  private static final int STATUS_OK = 0;
  private static final int STATUS_AUTH_ERROR = 0x20;
  private static final int STATUS_UNKNOWN_COMMAND = 0x81;
  private static final int MAX_BODY_BYTES = 4096;

  private SaslProbe() {}

  /**
   * Authenticates once on every node, within {@code timeout} per node.
   *
   * @throws RemoteAuthenticationException naming the node and what to check, when a reachable node
   *     refuses the credentials or does not do SASL
   */
  static void check(String zone, Iterable<NodeAddress> nodes, SaslCredentials credentials, Duration timeout) {
    requireNonNull(credentials, "credentials");
    for (NodeAddress node : nodes) {
      int status;
      try {
        status = authenticate(node, credentials, timeout);
      } catch (IOException e) {
        continue; // Unreachable or hung: handled like any node that is down.
      }
      if (status == STATUS_AUTH_ERROR) {
        throw new RemoteAuthenticationException(
            zone,
            node,
            "the server refused SASL PLAIN for user '"
                + credentials.username()
                + "': check nearcache.remote.sasl.username and nearcache.remote.sasl.password");
      }
      if (status == STATUS_UNKNOWN_COMMAND) {
        throw new RemoteAuthenticationException(
            zone,
            node,
            "the server does not do SASL (was memcached started without -S?): start it with -S,"
                + " or remove nearcache.remote.sasl.username and nearcache.remote.sasl.password");
      }
      if (status != STATUS_OK) {
        throw new RemoteAuthenticationException(
            zone, node, "the server answered SASL PLAIN with status 0x" + Integer.toHexString(status));
      }
    }
  }

  /** The status of one PLAIN authentication; IOException when the node does not answer. */
  static int authenticate(NodeAddress node, SaslCredentials credentials, Duration timeout)
      throws IOException {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(node.host(), node.port()), millis);
      socket.setSoTimeout(millis);
      socket.setTcpNoDelay(true);
      byte[] mechanism = "PLAIN".getBytes(StandardCharsets.US_ASCII);
      byte[] user = credentials.username().getBytes(StandardCharsets.UTF_8);
      byte[] password = credentials.password().getBytes(StandardCharsets.UTF_8);
      int bodyLength = mechanism.length + 2 + user.length + password.length;
      ByteBuffer request = ByteBuffer.allocate(HEADER_BYTES + bodyLength);
      request.put(REQUEST).put(OP_SASL_AUTH).putShort((short) mechanism.length);
      request.put((byte) 0).put((byte) 0).putShort((short) 0);
      request.putInt(bodyLength).putInt(0).putLong(0);
      // PLAIN's message: authorization id (empty), NUL, user, NUL, password.
      request.put(mechanism).put((byte) 0).put(user).put((byte) 0).put(password);
      OutputStream out = socket.getOutputStream();
      out.write(request.array());
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] header = new byte[HEADER_BYTES];
      in.readFully(header);
      ByteBuffer answer = ByteBuffer.wrap(header);
      if (answer.get(0) != RESPONSE) {
        throw new IOException("not a binary-protocol answer");
      }
      int length = answer.getInt(8);
      if (length < 0 || length > MAX_BODY_BYTES) {
        throw new IOException("implausible answer length " + length);
      }
      in.readFully(new byte[length]);
      return answer.getShort(6) & 0xFFFF;
    }
  }
}
