package dev.vertxelastic.game.session;

import dev.vertxelastic.platform.kubernetes.KubernetesSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.logging.Logger;

/**
 * Keeps this pod's {@code controller.kubernetes.io/pod-deletion-cost} annotation at its player
 * count, so a ReplicaSet scale-down (which, among pods equally ready, deletes the lowest cost
 * first) removes empty pods before any pod with players. Patches its own pod
 * ({@code PATCH /api/v1/namespaces/{ns}/pods/{name}}, a JSON merge patch of the annotation) at
 * most once per {@code interval} and only when the count changed; {@link #flush()} patches at
 * once (a drain starting). Never blocks (the token is read asynchronously, the client is Vert.x's)
 * and never fails the service: a failed patch is logged once and retried on the next tick.
 */
public final class PodDeletionCost {

  public static final String ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";
  private static final Logger LOG = Logger.getLogger(PodDeletionCost.class.getName());

  private final Vertx vertx;
  private final KubernetesSettings settings;
  private final String pod;
  private final IntSupplier players;
  private final Duration interval;
  private HttpClient client;
  private long timer = -1;
  private Integer patched;
  private boolean inFlight;
  private boolean failing;

  public PodDeletionCost(Vertx vertx, KubernetesSettings settings, String pod, IntSupplier players, Duration interval) {
    this.vertx = vertx;
    this.settings = settings;
    this.pod = pod;
    this.players = players;
    this.interval = interval;
  }

  /** Starts patching: now, then every interval when the count changed. Call on the event loop. */
  public void start() {
    client = vertx.createHttpClient(settings.clientOptions());
    timer = vertx.setPeriodic(Math.max(1, interval.toMillis()), id -> sync());
    sync();
    LOG.info("keeping " + ANNOTATION + " of pod " + settings.namespace() + "/" + pod + " at its player count");
  }

  /** Patches the current count at once unless it is the one already patched. */
  public Future<Void> flush() {
    return sync();
  }

  private Future<Void> sync() {
    int value = players.getAsInt();
    if (client == null || inFlight || patched != null && patched == value) {
      return Future.succeededFuture();
    }
    inFlight = true;
    return patch(value).andThen(result -> {
      inFlight = false;
      if (result.succeeded()) {
        patched = value;
        if (failing) {
          LOG.info("patching " + ANNOTATION + " of pod " + pod + " works again");
        }
        failing = false;
      } else if (!failing) {
        failing = true;
        LOG.warning("cannot patch " + ANNOTATION + " of pod " + settings.namespace() + "/" + pod + " (retrying every "
            + interval.toMillis() + " ms; scale-down may remove pods with players first): " + result.cause().getMessage());
      }
    }).otherwiseEmpty();
  }

  private Future<Void> patch(int value) {
    String body = new JsonObject().put("metadata", new JsonObject().put("annotations",
        new JsonObject().put(ANNOTATION, Integer.toString(value)))).encode();
    return settings.token(vertx).compose(token -> client.request(settings.request(HttpMethod.PATCH,
            "/api/v1/namespaces/" + settings.namespace() + "/pods/" + pod, token)
            .putHeader("Content-Type", "application/merge-patch+json").setIdleTimeout(10_000)))
        .compose(request -> request.send(body))
        .compose(response -> response.body().compose(answer -> response.statusCode() == 200 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new IllegalStateException("HTTP " + response.statusCode() + ": " + cut(answer.toString())))));
  }

  private static String cut(String text) {
    return text.length() > 200 ? text.substring(0, 200) : text;
  }

  /** Stops the timer and closes the client. */
  public Future<Void> close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return client == null ? Future.succeededFuture() : client.close();
  }
}
