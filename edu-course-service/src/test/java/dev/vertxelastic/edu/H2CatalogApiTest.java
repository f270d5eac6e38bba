package dev.vertxelastic.edu;

import java.nio.file.Path;

/** The catalog and authoring contract on the embedded H2 file database (the default). */
class H2CatalogApiTest extends CatalogApiContract {

  @Override
  TestStore openStore(Path dir) {
    return H2TestStore.file(dir);
  }
}
