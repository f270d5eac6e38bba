package dev.vertxelastic.edu;

import java.nio.file.Path;

/** The enrollment and progress contract on PostgreSQL; skipped unless {@code EDU_TEST_PG_URL} is set. */
class PostgresLearningApiTest extends LearningApiContract {

  @Override
  TestStore openStore(Path dir) {
    return PostgresTestStore.createIfConfigured();
  }
}
