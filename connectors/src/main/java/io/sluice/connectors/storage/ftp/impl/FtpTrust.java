package io.sluice.connectors.storage.ftp.impl;

import io.sluice.connectors.storage.ftp.FtpSettings;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates an FTPS client trusts: the configured trust store, else the JVM's defaults
 * (commons-net would otherwise accept any certificate that has not expired).
 */
final class FtpTrust {
  private FtpTrust() {}

  /**
   * @throws IllegalArgumentException naming {@code trust-store} when it cannot be loaded
   */
  static TrustManager trustManager(FtpSettings settings) {
    try {
      KeyStore store = null;
      if (settings.trustStore().isPresent()) {
        char[] password = settings.trustStorePassword().toCharArray();
        store = KeyStore.getInstance(settings.trustStore().get().toFile(), password);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager) return manager;
      }
      throw new IllegalArgumentException("ftp setting 'trust-store': no X.509 trust manager available");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "ftp setting 'trust-store' cannot be loaded (" + settings.trustStore().orElse(null) + "): " + e.getMessage(), e);
    }
  }
}
