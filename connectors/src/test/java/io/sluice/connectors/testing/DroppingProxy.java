package io.sluice.connectors.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy that forwards to a real server and cuts a connection after a number of
 * bytes have gone from the server to the client, for the first {@code drops} connections that
 * get that far: a store's reader must reopen where it was and lose nothing.
 */
public final class DroppingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final long cutAfterBytes;
  private final AtomicInteger dropsLeft;
  private final AtomicInteger dropped = new AtomicInteger();

  public DroppingProxy(int targetPort, long cutAfterBytes, int drops) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.cutAfterBytes = cutAfterBytes;
    this.dropsLeft = new AtomicInteger(drops);
    Thread acceptor = new Thread(this::accept, "dropping-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port clients connect to instead of the server's. */
  public int port() {
    return listener.getLocalPort();
  }

  /** How many connections were cut so far. */
  public int dropped() {
    return dropped.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        pump(client, server, Long.MAX_VALUE);
        pump(server, client, cutAfterBytes);
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, long cutAfter) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      long sent = 0;
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (sent + n > cutAfter && dropsLeft.getAndDecrement() > 0) {
            out.write(buffer, 0, (int) Math.max(0, cutAfter - sent));
            out.flush();
            dropped.incrementAndGet();
            from.setSoLinger(true, 0); // a reset, as a broken network gives, not a clean end of stream
            to.setSoLinger(true, 0);
            break;
          }
          out.write(buffer, 0, n);
          out.flush();
          sent += n;
        }
      } catch (IOException ignored) {
        // either side went away: close both below
      } finally {
        close(from);
        close(to);
      }
    }, "dropping-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
