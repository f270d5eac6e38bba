package dev.vertxelastic.platform.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * One Vert.x context (one event loop) that a test's HTTP client is used from, as a verticle uses
 * its client. From a test thread, {@code request().compose(send).compose(body)} can hang: the
 * response may end on the event loop before the test thread asks for its body, and that body's
 * future then never completes (eclipse-vertx/vert.x#5904). And from a test thread,
 * {@code HttpClient.request} runs each request on a new context, often on another event loop than
 * the pooled connection it gets: under load the Vert.x 5.0.7 client then has been seen to lease a
 * kept-alive connection to a request it never writes (the gateway idle, the request's bytes never
 * on the wire; see the README's hardening section).
 */
public final class OnOneContext {

  private final Context context;

  private OnOneContext(Context context) {
    this.context = context;
  }

  /** A new event-loop context of {@code vertx}; call from a test thread, not an event loop. */
  public static OnOneContext of(Vertx vertx) {
    return new OnOneContext(vertx.getOrCreateContext());
  }

  /** The context, to start a chain of calls on it by hand. */
  public Context context() {
    return context;
  }

  /** Runs {@code call} on the context; its result, completed on the context too. */
  public <T> Future<T> call(Supplier<Future<T>> call) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(done));
    return done.future();
  }
}
