package io.sluice.connectors.storage.sftp.impl;

import io.sluice.connectors.storage.Redaction;
import io.sluice.connectors.storage.ListingLimit;
import io.sluice.connectors.storage.StoredObject;
import io.sluice.connectors.storage.TemporaryNames;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.RemoteResourceInfo;
import net.schmizz.sshj.sftp.SFTPClient;

/** Internal API: lists what an {@code sftp://} location names: one file, a directory tree, or a glob. */
public final class SftpListing {
  private static final Comparator<StoredObject> BY_URI = Comparator.comparing(o -> Redaction.uri(o.uri()));

  private final SFTPClient sftp;
  private final URI location;
  private final List<StoredObject> found = new ArrayList<>();
  private final Set<String> walkedDirectories = new HashSet<>();

  private SftpListing(SFTPClient sftp, URI location) {
    this.sftp = sftp;
    this.location = location;
  }

  /** The files at {@code location}, sorted by URI without user info; empty when nothing is there. */
  public static List<StoredObject> list(SFTPClient sftp, URI location) throws IOException {
    SftpListing listing = new SftpListing(sftp, location);
    listing.collect(SftpLocations.path(location));
    listing.found.sort(BY_URI);
    return listing.found;
  }

  /** The temporary files writes left directly in directory {@code folder}, sorted by URI ({@code Storage.listLeftovers}). */
  public static List<StoredObject> leftovers(SFTPClient sftp, URI folder) throws IOException {
    String directory = SftpLocations.path(folder);
    List<StoredObject> found = new ArrayList<>();
    FileAttributes attributes = sftp.statExistence(directory);
    if (attributes == null || attributes.getType() != FileMode.Type.DIRECTORY) return found;
    for (RemoteResourceInfo entry : sftp.ls(directory)) {
      if (entry.isRegularFile() && TemporaryNames.targetOf(entry.getName()).isPresent()) {
        found.add(new StoredObject(SftpLocations.uriOf(folder, SftpLocations.child(directory, entry.getName())),
            entry.getAttributes().getSize()));
      }
    }
    found.sort(BY_URI);
    return found;
  }

  private void collect(String path) throws IOException {
    FileAttributes attributes = sftp.statExistence(path);
    String name = SftpLocations.name(path);
    if (attributes != null) {
      visit(path, attributes);
    } else if (SftpLocations.isGlob(name)) {
      matchGlob(SftpLocations.parent(path), name);
    }
  }

  private void matchGlob(String directory, String pattern) throws IOException {
    FileAttributes attributes = sftp.statExistence(directory);
    if (attributes == null || attributes.getType() != FileMode.Type.DIRECTORY) return;
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    for (RemoteResourceInfo entry : sftp.ls(directory)) {
      if (SftpLocations.hidden(entry.getName()) || !matcher.matches(Path.of(entry.getName()))) continue;
      visitEntry(directory, entry);
    }
  }

  private void walk(String directory) throws IOException {
    // A symbolic link back up the tree would otherwise be walked forever.
    if (!walkedDirectories.add(sftp.canonicalize(directory))) return;
    for (RemoteResourceInfo entry : sftp.ls(directory)) {
      if (!SftpLocations.hidden(entry.getName())) visitEntry(directory, entry);
    }
  }

  private void visitEntry(String directory, RemoteResourceInfo entry) throws IOException {
    String path = SftpLocations.child(directory, entry.getName());
    FileAttributes attributes = entry.getAttributes();
    if (attributes.getType() == FileMode.Type.SYMLINK) {
      // Directory listings describe the link itself; follow it as ssh users expect.
      attributes = sftp.statExistence(path);
      if (attributes == null) return; // a dangling link
    }
    visit(path, attributes);
  }

  private void visit(String path, FileAttributes attributes) throws IOException {
    if (attributes.getType() == FileMode.Type.DIRECTORY) {
      walk(path);
    } else if (attributes.getType() == FileMode.Type.REGULAR) {
      ListingLimit.add(found, new StoredObject(SftpLocations.uriOf(location, path), attributes.getSize()), location);
    }
  }
}
