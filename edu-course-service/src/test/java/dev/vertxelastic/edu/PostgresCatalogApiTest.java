package dev.vertxelastic.edu;

import java.nio.file.Path;

/** The catalog and authoring contract on PostgreSQL; skipped unless {@code EDU_TEST_PG_URL} is set. */
class PostgresCatalogApiTest extends CatalogApiContract {

  @Override
  TestStore openStore(Path dir) {
    return PostgresTestStore.createIfConfigured();
  }
}
