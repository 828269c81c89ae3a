package io.sluice.connectors.storage.contract;

import io.sluice.connectors.storage.Storage;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * One store with its real server running, as {@link StorageContractSuite} needs it: the
 * {@link Storage} under test, a place it may write, and a back door to the server (its files on
 * disk, or plain HTTP) so that setting up and checking never goes through the code under test.
 */
public interface StoreUnderTest extends AutoCloseable {

  /** The store under test, with the right credentials. */
  Storage storage();

  /** A directory location the suite owns, ending with {@code /} (e.g. {@code s3://contract/}). */
  URI base();

  /** Puts {@code content} at {@code base() + relative} through the server, not through {@link #storage()}. */
  void put(String relative, byte[] content) throws Exception;

  /** Every name the server holds below {@code base() + relativeDir}, hidden ones too, relative to {@code base()}. */
  List<String> namesOnServer(String relativeDir) throws Exception;

  /**
   * A store over a server that resets the first {@code cuts} transfers after {@code afterBytes}
   * bytes, serving the same files as {@link #put}; empty when this store's reads cannot break
   * (local files).
   */
  Optional<Cutting> cutting(int cuts, long afterBytes) throws Exception;

  /**
   * The store made with a wrong secret (password, secret key) in place of the right one; empty
   * when the store takes no credentials (local files).
   */
  Optional<WrongSecret> withWrongSecret() throws Exception;

  /** A store whose transfers are cut, how many were cut so far, and what to close after. */
  record Cutting(Storage storage, URI base, IntSupplier cutsSoFar, AutoCloseable closer) {}

  /** A store with a wrong secret, and the secrets no message may show. */
  record WrongSecret(Storage storage, String wrongSecret, String rightSecret) {}
}
