package io.sluice.connectors.storage.ftp;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;

/** A server-side Ftplet that counts open control connections and the most there were at once. */
final class ConnectionCounter extends DefaultFtplet {
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger total = new AtomicInteger();

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
