package io.sluice.connectors.storage.ftp;

import io.sluice.connectors.storage.contract.StorageContractSuite;
import io.sluice.connectors.storage.contract.StoreUnderTest;
import java.nio.file.Path;
import org.apache.pekko.actor.ActorSystem;

/** The storage contract for plain FTP. */
class FtpStorageContractIT extends StorageContractSuite {

  @Override
  protected StoreUnderTest startStore(ActorSystem system, Path scratch) throws Exception {
    return FtpStoreUnderTest.start(system, scratch, false);
  }
}
