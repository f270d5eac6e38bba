package dev.vertxelastic.edu;

import java.nio.file.Path;

/**
 * Durability on PostgreSQL; skipped unless {@code EDU_TEST_PG_URL} is set. The outage test stops
 * and starts the real server, so it also needs {@code EDU_TEST_PG_CTL} (e.g. {@code pg_ctlcluster 15 main}).
 */
class PostgresDurabilityTest extends DurabilityContract {

  @Override
  TestStore durableStore(Path dir) {
    return PostgresTestStore.createIfConfigured();
  }

  @Override
  TestStore stoppableStore(Path dir) {
    PostgresTestStore store = PostgresTestStore.createIfConfigured();
    return store != null && store.canStopServer() ? store : null;
  }

  @Override
  TestStore networkedStore(Path dir) {
    return PostgresTestStore.createIfConfigured();
  }

  @Override
  String noStoppableStore() {
    return PostgresTestStore.URL_SETTING + " and " + PostgresTestStore.CTL_SETTING
        + " (a command that stops/starts the server) are needed to stop PostgreSQL: skipped";
  }
}
