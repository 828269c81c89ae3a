package io.sluice.connectors.storage.sftp.impl;

/** Internal API: a blocking call that may fail. */
@FunctionalInterface
public interface IoCall<T> {
  T call() throws Exception;
}
