package io.sluice.connectors.storage.ftp;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;

/**
 * A server-side Ftplet that counts open control connections and the most there were at once, and
 * keeps the USER and PASS commands clients sent (to show which credentials reached the server).
 */
final class ConnectionCounter extends DefaultFtplet {
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger total = new AtomicInteger();
  private final List<String> logins = new CopyOnWriteArrayList<>();

  @Override
  public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
    String command = request.getCommand();
    if ("USER".equalsIgnoreCase(command) || "PASS".equalsIgnoreCase(command)) {
      logins.add(command.toUpperCase(java.util.Locale.ROOT) + " " + request.getArgument());
    }
    return super.beforeCommand(session, request);
  }

  /** Every USER and PASS command received so far, e.g. {@code "USER ana"}, {@code "PASS s3cret"}. */
  List<String> logins() {
    return List.copyOf(logins);
  }

  @Override
  public FtpletResult onConnect(FtpSession session) {
    int now = open.incrementAndGet();
    total.incrementAndGet();
    peak.accumulateAndGet(now, Math::max);
    return FtpletResult.DEFAULT;
  }

  @Override
  public FtpletResult onDisconnect(FtpSession session) {
    open.decrementAndGet();
    return FtpletResult.DEFAULT;
  }

  /** The most control connections that were open at the same time. */
  int peak() {
    return peak.get();
  }

  /** How many control connections were opened in all. */
  int total() {
    return total.get();
  }
}
