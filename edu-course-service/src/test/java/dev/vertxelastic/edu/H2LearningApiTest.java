package dev.vertxelastic.edu;

import java.nio.file.Path;

/** The enrollment and progress contract on the embedded H2 file database (the default). */
class H2LearningApiTest extends LearningApiContract {

  @Override
  TestStore openStore(Path dir) {
    return H2TestStore.file(dir);
  }
}
