package io.sluice.connectors.storage.ftp.impl;

import io.sluice.connectors.storage.ListingLimit;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.storage.TemporaryNames;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;

/**
 * Lists what an FTP location names: one file, a directory tree, or a glob over one directory;
 * with MLSD/MLST where the server has them (exact sizes and types), else LIST.
 */
public final class FtpListing {
  private static final Comparator<StoredObject> BY_URI =
      Comparator.comparing(o -> o.uri().toString());

  private final FTPClient client;
  private final FtpLocation location;
  private final boolean machineListing;
  private final List<StoredObject> found = new ArrayList<>();

  private FtpListing(FTPClient client, FtpLocation location) throws IOException {
    this.client = client;
    this.location = location;
    this.machineListing = client.hasFeature("MLST");
  }

  /** The files at {@code location}, sorted by URI; empty when nothing is there. */
  public static List<StoredObject> list(FTPClient client, FtpLocation location) throws IOException {
    return new FtpListing(client, location).run();
  }

  /** The temporary files writes left directly in directory {@code folder}, sorted by URI ({@code Storage.listLeftovers}). */
  public static List<StoredObject> leftovers(FTPClient client, FtpLocation folder) throws IOException {
    FtpListing listing = new FtpListing(client, folder);
    FTPFile self = FtpFiles.stat(client, folder.path(), listing.machineListing);
    if (self == null || !self.isDirectory()) return listing.found;
    // Names starting with a dot are left out of MLSD by some servers (Apache FtpServer, the tests' server) and out of
    // a plain LIST by others; LIST -a shows them.
    boolean hiddenBefore = client.getListHiddenFiles();
    client.setListHiddenFiles(true);
    try {
      for (FTPFile entry : FtpFiles.entries(client, folder.path(), false)) {
        String name = FtpFiles.baseName(entry);
        if (entry.isFile() && TemporaryNames.targetOf(name).isPresent()) listing.add(FtpLocation.join(folder.path(), name), entry);
      }
    } finally {
      client.setListHiddenFiles(hiddenBefore);
    }
    listing.found.sort(BY_URI);
    return listing.found;
  }

  private List<StoredObject> run() throws IOException {
    String name = location.name();
    if (isGlob(name)) {
      matchGlob(location.parent(), name);
    } else {
      FTPFile self = FtpFiles.stat(client, location.path(), machineListing);
      if (self != null && self.isDirectory()) walk(location.path());
      else if (self != null && self.isFile()) add(location.path(), self);
    }
    found.sort(BY_URI);
    return found;
  }

  private static boolean isGlob(String name) {
    return name.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
  }

  /** Spark and Hadoop treat these as bookkeeping (_SUCCESS, _errors/, temp files), not data. */
  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  private void matchGlob(String directory, String pattern) throws IOException {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    for (FTPFile entry : FtpFiles.entries(client, directory, machineListing)) {
      String name = FtpFiles.baseName(entry);
      if (hidden(name) || !matcher.matches(Path.of(name))) continue;
      String path = FtpLocation.join(directory, name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) add(path, entry);
    }
  }

  private void walk(String directory) throws IOException {
    for (FTPFile entry : FtpFiles.entries(client, directory, machineListing)) {
      String name = FtpFiles.baseName(entry);
      // Also skips the "." and ".." entries some servers list.
      if (hidden(name)) continue;
      String path = FtpLocation.join(directory, name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) add(path, entry);
    }
  }

  private void add(String path, FTPFile file) throws IOException {
    long size = file.getSize() >= 0 ? file.getSize() : FtpFiles.size(client, path);
    ListingLimit.add(found, new StoredObject(location.uriOf(path), size), location.uri());
  }
}
