package io.nearcache.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port in front of one memcached node, which can be told to reset every
 * connection in the middle of the next response: after forwarding {@code n} more bytes from the
 * server it closes both sockets abruptly (RST). Clients see a connection reset mid-response, as
 * when a node or a network path fails under load. It can also hold back one reply, so that a
 * request lands on the server while its client times out.
 */
public final class FaultyProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  /** Bytes the server may still send before the cut; negative when not armed. */
  private final AtomicLong budget = new AtomicLong(-1);
  private final AtomicLong resets = new AtomicLong();
  /** The request that arms a delay, e.g. {@code "cas "}; null when none is armed. */
  private volatile String delayedCommand;
  private volatile long delayMillis;
  /** Until when (System.nanoTime) replies are held back, once the armed request went through. */
  private volatile long holdRepliesUntil;
  private final AtomicLong delayed = new AtomicLong();
  /** The request that is refused next by resetting its connection; null when none is armed. */
  private volatile String refusedCommand;
  /** While set, requests are swallowed: the server never sees them, the client waits. */
  private volatile boolean partitioned;
  private volatile boolean closed;

  private FaultyProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "faulty-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a proxy in front of {@code host:port}. */
  public static FaultyProxy to(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    try {
      return new FaultyProxy(
          new InetSocketAddress(
              hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1))));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start a proxy to " + hostAndPort, e);
    }
  }

  /** The proxy's own {@code host:port}, to configure clients with. */
  public String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Resets the connections once the server has sent {@code bytes} more bytes through them. */
  public void cutAfter(long bytes) {
    budget.set(bytes);
  }

  /**
   * Swallows every request from now on, as a network partition loses packets: the server never
   * executes them and the client hears nothing. {@link #heal()} ends it. A connection that lost a
   * request is reset rather than carry another one.
   */
  public void partition() {
    partitioned = true;
  }

  /**
   * Forwards everything again. After a partition it also resets the open connections: their
   * clients wait for answers to requests the server never saw, so they must reconnect.
   */
  public void heal() {
    budget.set(-1);
    if (partitioned) {
      // Reset first: a request forwarded on a connection whose earlier requests were swallowed
      // would be answered to the client as the answer to one of those, and desynchronise it.
      sockets.forEach(FaultyProxy::reset);
      sockets.clear();
      partitioned = false;
    }
  }

  /**
   * Holds back the answer to the next request that starts with {@code command} (e.g. {@code "cas
   * "}), once: the server executes the request at once, but every reply the proxy passes back
   * during {@code delay} after the request went through waits until the delay is over, so the
   * client hears of it late, as when a reply is slow on the network.
   */
  public void delayNextReplyTo(String command, java.time.Duration delay) {
    delayMillis = delay.toMillis();
    delayedCommand = command;
  }

  /**
   * Refuses the next request that starts with {@code command}, once: the server never sees it and
   * the connection is reset, so the client's operation fails outright.
   */
  public void refuseNext(String command) {
    refusedCommand = command;
  }

  /** How many armed requests went through and started a hold on the replies. */
  public long delayedReplies() {
    return delayed.get();
  }

  /** How many connection resets the proxy caused. */
  public long resets() {
    return resets.get();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(target, 2000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, false);
        pump(upstream, client, true);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, boolean response) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[512];
              // Whether this connection swallowed a request: it then carries no other, since the
              // server's answer to that one would reach the client as the answer to the lost one.
              boolean lost = false;
              try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  String armed = delayedCommand;
                  if (!response && armed != null && startsALine(buffer, n, armed)) {
                    delayedCommand = null;
                    delayed.incrementAndGet();
                    holdRepliesUntil = System.nanoTime() + delayMillis * 1_000_000;
                  }
                  if (!response && partitioned) {
                    lost = true;
                    continue;
                  }
                  if (lost) {
                    resets.incrementAndGet();
                    reset(from);
                    reset(to);
                    return;
                  }
                  String refused = refusedCommand;
                  if (!response && refused != null && startsALine(buffer, n, refused)) {
                    refusedCommand = null;
                    resets.incrementAndGet();
                    reset(from);
                    reset(to);
                    return;
                  }
                  if (response) {
                    // Every reply sent back while the hold lasts, the armed request's among them
                    // (it cannot come before the request went through), waits for its end.
                    long wait = holdRepliesUntil - System.nanoTime();
                    if (wait > 0) {
                      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                  }
                  long left = response ? budget.get() : -1;
                  if (left >= 0 && n >= left) {
                    out.write(buffer, 0, (int) left);
                    out.flush();
                    budget.set(-1);
                    resets.incrementAndGet();
                    reset(from);
                    reset(to);
                    return;
                  }
                  if (left >= 0) {
                    budget.addAndGet(-n);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // One side closed: close the other.
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                quietly(from);
                quietly(to);
              }
            },
            "faulty-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether a request chunk holds a command line that starts with {@code command}. */
  private static boolean startsALine(byte[] buffer, int length, String command) {
    String text = new String(buffer, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    return text.startsWith(command) || text.contains("\n" + command);
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed
    }
    quietly(socket);
  }

  private static void quietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    sockets.forEach(FaultyProxy::quietly);
  }
}
