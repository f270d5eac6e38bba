package dev.vertxelastic.edu;

import java.nio.file.Path;

/**
 * Durability on H2: restarts on the embedded file database (the default); the outage on the same kind
 * of file served by an H2 TCP server in this JVM, stopped and started again on its port, because an
 * embedded database cannot become unreachable.
 */
class H2DurabilityTest extends DurabilityContract {

  @Override
  TestStore durableStore(Path dir) {
    return H2TestStore.file(dir);
  }

  @Override
  TestStore stoppableStore(Path dir) throws Exception {
    return H2TestStore.server(dir);
  }

  @Override
  TestStore networkedStore(Path dir) throws Exception {
    return H2TestStore.server(dir);
  }

  @Override
  String noStoppableStore() {
    return "an H2 TCP server can always be started";
  }
}
