package io.sluice.connectors.storage.sftp.impl;

import java.io.File;
import java.io.IOException;
import java.security.PublicKey;
import java.util.Set;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.apache.pekko.event.LoggingAdapter;

/**
 * Internal API: checks one connection's host key against a known_hosts file and remembers why it
 * refused, so that the failure can say "unknown" or "changed" rather than sshj's generic reason.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {
  private final boolean strict;
  private final Set<String> warnedHosts;
  private final LoggingAdapter log;
  private volatile String rejection;

  KnownHostsVerifier(File knownHosts, boolean strict, Set<String> warnedHosts, LoggingAdapter log)
      throws IOException {
    super(knownHosts);
    this.strict = strict;
    this.warnedHosts = warnedHosts;
    this.log = log;
  }

  /** Why the host key was refused; null when it was not. */
  String rejection() {
    return rejection;
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    String where = khFile.exists() ? "" : " (that file does not exist)";
    return decide(hostname, key,
        "unknown host key: the " + describe(key) + " key of " + hostname
            + " is not in known-hosts " + khFile + where
            + "; add it (ssh-keyscan) or set sftp.strict-host-key-checking = false");
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    return decide(hostname, key,
        "host key mismatch: the " + describe(key) + " key of " + hostname
            + " differs from the one in known-hosts " + khFile
            + " (the key changed, or someone is in between)");
  }

  private boolean decide(String hostname, PublicKey key, String problem) {
    if (strict) {
      rejection = problem;
      return false;
    }
    if (warnedHosts.add(hostname)) {
      log.warning("SFTP: accepting an unverified host key because strict-host-key-checking = false: {}", problem);
    }
    return true;
  }

  private static String describe(PublicKey key) {
    return KeyType.fromKey(key) + " (" + SecurityUtils.getFingerprint(key) + ")";
  }
}
