package io.sluice.connectors.storage.ftp;

import io.sluice.connectors.testing.DroppingProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ftpserver.DataConnectionException;
import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;

/**
 * A PASV that, for the first few data connections, hands the client the port of a {@link
 * DroppingProxy} in front of the real passive port, so those transfers break off mid-way with a
 * reset, as on a broken network.
 */
final class CuttingPassiveCommand extends AbstractCommand {
  private final AtomicInteger cutsLeft;
  private final long cutAfterBytes;
  private final List<DroppingProxy> proxies = new CopyOnWriteArrayList<>();

  CuttingPassiveCommand(int cuts, long cutAfterBytes) {
    this.cutsLeft = new AtomicInteger(cuts);
    this.cutAfterBytes = cutAfterBytes;
  }

  @Override
  public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
      throws IOException {
    session.resetState();
    InetSocketAddress passive;
    try {
      passive = session.getDataConnection().initPassiveDataConnection();
    } catch (DataConnectionException e) {
      session.write(new DefaultFtpReply(FtpReply.REPLY_425_CANT_OPEN_DATA_CONNECTION, "PASV failed"));
      return;
    }
    int port = cutsLeft.getAndDecrement() > 0 ? proxyTo(passive.getPort()) : passive.getPort();
    session.write(
        new DefaultFtpReply(
            FtpReply.REPLY_227_ENTERING_PASSIVE_MODE,
            "Entering Passive Mode (127,0,0,1," + (port >> 8) + "," + (port & 0xff) + ")"));
  }

  private int proxyTo(int passivePort) {
    try {
      DroppingProxy proxy = new DroppingProxy(passivePort, cutAfterBytes, 1);
      proxies.add(proxy);
      return proxy.port();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many transfers were cut so far. */
  int cuts() {
    return proxies.stream().mapToInt(DroppingProxy::dropped).sum();
  }

  void close() throws IOException {
    for (DroppingProxy proxy : proxies) proxy.close();
  }
}
