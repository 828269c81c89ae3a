package io.sluice.connectors.storage.ftp.impl;

import java.io.IOException;
import org.apache.commons.net.ftp.FTPClient;

/**
 * One connection borrowed from an {@link FtpConnectionPool}: used by one reader, writer or call
 * at a time, then given back (healthy) or discarded (after an error), exactly once.
 */
public final class FtpLease {
  private final FtpConnectionPool pool;
  private FTPClient client;
  private boolean ended;

  FtpLease(FtpConnectionPool pool, FTPClient client) {
    this.pool = pool;
    this.client = client;
  }

  /** The connection; valid until the lease ends. */
  public FTPClient client() {
    return client;
  }

  /** Replaces a broken connection by a new one, keeping this lease's place in the pool. */
  public void reopen() throws IOException {
    FTPClient broken = client;
    client = null;
    client = pool.reopen(broken);
  }

  /** Returns a connection in a known state (no transfer under way) for reuse. */
  public synchronized void release() {
    if (ended) return;
    ended = true;
    if (client == null) pool.discard(null);
    else pool.giveBack(client);
  }

  /** Closes a connection whose state is unknown after an error; its slot comes free. */
  public synchronized void discard() {
    if (ended) return;
    ended = true;
    pool.discard(client);
  }

  /** {@code text} with the password, should it appear there, replaced. */
  public String scrub(String text) {
    return pool.connector().scrub(text);
  }
}
