package dev.vertxelastic.game.session;

import io.vertx.ext.web.RoutingContext;

/**
 * {@code /admin/drain} on the instance's management port (no Service, Ingress or gateway route reaches it):
 * {@code POST} starts a drain (the preStop hook) and answers 202, {@code GET} reports its progress
 * as {@code {"draining","deadline","sessionsLeft","playersLeft","dropped","completed"}}.
 */
public final class DrainApi {

  private final SessionDrain drain;

  public DrainApi(SessionDrain drain) {
    this.drain = drain;
  }

  public void start(RoutingContext ctx) {
    drain.start();
    ctx.response().setStatusCode(202);
    ctx.json(drain.progress());
  }

  public void progress(RoutingContext ctx) {
    ctx.json(drain.progress());
  }
}
