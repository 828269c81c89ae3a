package io.sluice.connectors.storage.sftp.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Internal API: the connections to one endpoint, at most {@code max} open (or opening) at once;
 * callers beyond that wait, without holding a thread, until one is released or discarded.
 */
final class HostConnectionPool {
  private final SftpEndpoint endpoint;
  private final SftpConnector connector;
  private final int max;
  private final Executor blocking;
  private final Deque<SftpConnection> idle = new ArrayDeque<>();
  private final Deque<CompletableFuture<SftpConnection>> waiting = new ArrayDeque<>();
  private int open;
  private boolean closed;

  HostConnectionPool(SftpEndpoint endpoint, SftpConnector connector, int max, Executor blocking) {
    this.endpoint = endpoint;
    this.connector = connector;
    this.max = max;
    this.blocking = blocking;
  }

  CompletionStage<SftpConnection> acquire() {
    CompletableFuture<SftpConnection> result = new CompletableFuture<>();
    List<SftpConnection> dead = new ArrayList<>();
    boolean openNew = false;
    synchronized (this) {
      if (closed) {
        return Async.failed(new IllegalStateException("the SFTP connection pool is closed"));
      }
      SftpConnection reusable = null;
      while (reusable == null && !idle.isEmpty()) {
        SftpConnection candidate = idle.pollFirst();
        if (candidate.isUsable()) {
          reusable = candidate;
        } else {
          dead.add(candidate);
          open--;
        }
      }
      if (reusable != null) {
        result.complete(reusable);
      } else if (open < max) {
        open++;
        openNew = true;
      } else {
        waiting.addLast(result);
      }
    }
    dead.forEach(this::closeInBackground);
    if (openNew) openInto(result);
    return result;
  }

  /** Returns a healthy connection for the next caller. */
  void release(SftpConnection connection) {
    CompletableFuture<SftpConnection> next;
    synchronized (this) {
      if (closed) {
        open--;
        next = null;
      } else {
        next = waiting.pollFirst();
        if (next == null) {
          idle.addFirst(connection);
          return;
        }
      }
    }
    if (next == null) closeInBackground(connection);
    else if (!next.complete(connection)) release(connection);
  }

  /** Closes a connection that failed, freeing its place. */
  void discard(SftpConnection connection) {
    closeInBackground(connection);
    slotFreed();
  }

  void close() {
    List<SftpConnection> toClose;
    List<CompletableFuture<SftpConnection>> toFail;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(idle);
      open -= idle.size();
      idle.clear();
      toFail = new ArrayList<>(waiting);
      waiting.clear();
    }
    toClose.forEach(SftpConnection::closeQuietly);
    IllegalStateException closedPool = new IllegalStateException("the SFTP connection pool is closed");
    toFail.forEach(waiter -> waiter.completeExceptionally(closedPool));
  }

  private void openInto(CompletableFuture<SftpConnection> target) {
    Async.run(blocking, () -> connector.open(endpoint)).whenComplete((connection, failure) -> {
      if (failure != null) {
        slotFreed();
        target.completeExceptionally(Async.unwrap(failure));
      } else if (!target.complete(connection)) {
        release(connection);
      }
    });
  }

  /** A place became free: the first waiter opens a connection in it, or the count goes down. */
  private void slotFreed() {
    CompletableFuture<SftpConnection> next;
    synchronized (this) {
      next = closed ? null : waiting.pollFirst();
      if (next == null) {
        open--;
        return;
      }
    }
    openInto(next);
  }

  private void closeInBackground(SftpConnection connection) {
    blocking.execute(connection::closeQuietly);
  }
}
