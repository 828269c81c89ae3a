package io.sluice.connectors.storage.s3.impl;

import io.sluice.connectors.storage.StorageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** A bucket and a key (or key prefix) taken from, or turned back into, an {@code s3://bucket/key} URI. */
public record S3Location(String bucket, String key) {

  /**
   * The bucket and decoded key of {@code uri}; the key has no leading slash and may be empty.
   *
   * @throws StorageException when the URI is not {@code s3://bucket/...}
   */
  public static S3Location of(URI uri) {
    boolean s3 = uri.getScheme() != null && uri.getScheme().toLowerCase(Locale.ROOT).equals("s3");
    // getAuthority, not getHost: bucket names with underscores or dots are not always host names.
    String bucket = uri.getAuthority();
    if (!s3 || bucket == null || bucket.isEmpty() || uri.getRawUserInfo() != null || uri.getPath() == null) {
      throw new StorageException(uri, "not an S3 URI (expected s3://bucket/key)");
    }
    String path = uri.getPath();
    return new S3Location(bucket, path.startsWith("/") ? path.substring(1) : path);
  }

  /** The URI of {@code key} in {@code bucket}, with characters a URI cannot hold percent-encoded. */
  public static URI uriOf(String bucket, String key) {
    try {
      return new URI("s3", bucket, "/" + key, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot make an s3 URI of bucket '" + bucket + "' and key '" + key + "'", e);
    }
  }

  /** This location as a URI. */
  public URI uri() {
    return uriOf(bucket, key);
  }
}
