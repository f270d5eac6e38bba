package dev.vertxelastic.gateway.discovery;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;

/** The list and watch calls of one resource collection, so a {@link Reflector} can be driven by a script in tests. */
interface ListWatch {

  /** The collection ({@code items}, {@code metadata.resourceVersion}) at {@code resourceVersion} ("" = most recent, "0" = any). */
  Future<JsonObject> list(String resourceVersion);

  /**
   * Streams watch events after {@code resourceVersion}, with bookmarks, until the server ends the
   * watch after {@code timeoutSeconds}; fails with {@link ApiFailure} when refused.
   */
  Future<Watch> watch(String resourceVersion, int timeoutSeconds, Handler<JsonObject> events);

  /** An open watch stream. */
  interface Watch {
    /** Completes when the server closes the stream, fails when the connection breaks. */
    Future<Void> ended();

    void close();
  }
}
