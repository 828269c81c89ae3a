package io.sluice.connectors.storage.ftp.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.commons.net.ftp.FTPClient;

/**
 * At most {@code maxConnections} connections to one server, handed out as {@link FtpLease}s.
 * Waiting for a free connection blocks no thread: a request is a future, completed when a lease
 * comes back, so readers that hold connections can always make progress.
 */
public final class FtpConnectionPool {
  private final FtpEndpoint endpoint;
  private final FtpConnector connector;
  private final int maxConnections;
  private final Executor blockingIo;
  private final Deque<FTPClient> idle = new ArrayDeque<>();
  private final Deque<CompletableFuture<FtpLease>> waiting = new ArrayDeque<>();
  private int leased;
  private boolean closed;

  public FtpConnectionPool(
      FtpEndpoint endpoint, FtpConnector connector, int maxConnections, Executor blockingIo) {
    this.endpoint = endpoint;
    this.connector = connector;
    this.maxConnections = maxConnections;
    this.blockingIo = blockingIo;
  }

  /** A lease on a live, logged-in connection, once one is free; fails if none can be opened. */
  public CompletionStage<FtpLease> acquire() {
    CompletableFuture<FtpLease> lease = new CompletableFuture<>();
    boolean free;
    synchronized (this) {
      if (closed) {
        lease.completeExceptionally(new IllegalStateException("the FTP connection pool is closed"));
        return lease;
      }
      free = leased < maxConnections;
      if (free) leased++;
      else waiting.addLast(lease);
    }
    if (free) handOut(lease);
    return lease;
  }

  /** Fills {@code lease} off the caller's thread: a reused connection is checked, a new one opened. */
  private void handOut(CompletableFuture<FtpLease> lease) {
    blockingIo.execute(
        () -> {
          try {
            lease.complete(new FtpLease(this, reuseOrOpen()));
          } catch (Throwable e) {
            lease.completeExceptionally(e);
            slotFreed();
          }
        });
  }

  private FTPClient reuseOrOpen() throws java.io.IOException {
    while (true) {
      FTPClient candidate;
      synchronized (this) {
        // The most recently used connection is the one least likely to have timed out.
        candidate = idle.pollFirst();
      }
      if (candidate == null) return connector.open(endpoint);
      if (connector.stillAlive(candidate)) return candidate;
    }
  }

  /** A new connection for a lease whose connection broke; the lease keeps its slot. */
  FTPClient reopen(FTPClient broken) throws java.io.IOException {
    connector.close(broken);
    return connector.open(endpoint);
  }

  void giveBack(FTPClient client) {
    boolean kept = false;
    synchronized (this) {
      if (!closed) {
        idle.addFirst(client);
        kept = true;
      }
    }
    if (!kept) connector.close(client);
    slotFreed();
  }

  void discard(FTPClient client) {
    connector.close(client);
    slotFreed();
  }

  private void slotFreed() {
    CompletableFuture<FtpLease> next;
    synchronized (this) {
      next = waiting.pollFirst();
      if (next == null) leased--;
    }
    // The slot passes straight to the next waiter, so the count never exceeds the bound.
    if (next != null) handOut(next);
  }

  FtpConnector connector() {
    return connector;
  }

  /** Closes the idle connections and refuses new requests; leased connections close on return. */
  public void close() {
    List<FTPClient> toClose;
    List<CompletableFuture<FtpLease>> toFail;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(idle);
      idle.clear();
      toFail = new ArrayList<>(waiting);
      waiting.clear();
    }
    toClose.forEach(connector::close);
    toFail.forEach(f -> f.completeExceptionally(new IllegalStateException("the FTP connection pool is closed")));
  }
}
