package io.sluice.connectors.storage.sftp.impl;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/** Internal API: bounded pools of logged-in SFTP connections, one per host, port and user. */
public final class SftpConnectionPool {
  private final SftpConnector connector;
  private final int maxPerEndpoint;
  private final Executor blocking;
  private final Map<SftpEndpoint, HostConnectionPool> pools = new ConcurrentHashMap<>();

  public SftpConnectionPool(SftpConnector connector, int maxPerEndpoint, Executor blocking) {
    this.connector = connector;
    this.maxPerEndpoint = maxPerEndpoint;
    this.blocking = blocking;
  }

  /**
   * A connection for the caller's sole use, to be given back with {@link #release} or {@link
   * #discard}; fails with an {@link SftpConnectException} when none can be opened.
   */
  public CompletionStage<SftpConnection> acquire(SftpEndpoint endpoint) {
    return pools.computeIfAbsent(endpoint, e -> new HostConnectionPool(e, connector, maxPerEndpoint, blocking))
        .acquire();
  }

  public void release(SftpConnection connection) {
    pools.get(connection.endpoint()).release(connection);
  }

  public void discard(SftpConnection connection) {
    pools.get(connection.endpoint()).discard(connection);
  }

  /** Gives a connection back after a failure: kept when the server merely answered no. */
  public void giveBack(SftpConnection connection, Throwable failure) {
    if (failure == null || SftpFailures.isServerAnswer(failure)) release(connection);
    else discard(connection);
  }

  /** Closes idle connections; those in use close when they are given back. */
  public void close() {
    pools.values().forEach(HostConnectionPool::close);
  }
}
