package io.sluice.connectors.storage.ftp.impl;

import java.io.IOException;
import org.apache.commons.net.ftp.FTPClient;

/** Blocking work done on one borrowed connection. */
@FunctionalInterface
public interface FtpCall<T> {
  T apply(FTPClient client) throws IOException;
}
