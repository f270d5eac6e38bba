package dev.vertxelastic.game.session;

import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.http.AccessLog;
import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /ws/games/:id?token=<jwt>}: checks the token (401), the session (404), the upgrade
 * (426), that the instance takes newcomers (503 when draining or full; a returning player always
 * may) and a seat (409) while still plain HTTP, answering a problem document, and only then
 * upgrades to the WebSocket the game is played on.
 */
public final class PlayEndpoint {

  private static final Logger LOG = Logger.getLogger(PlayEndpoint.class.getName());
  private final Sessions sessions;
  private final Tokens tokens;

  public PlayEndpoint(Sessions sessions, Tokens tokens) {
    this.sessions = sessions;
    this.tokens = tokens;
  }

  private record Admission(GameSession session, Principal principal) {
  }

  public void connect(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // Hold the request's events while the token is checked: the upgrade needs them.
    request.pause();
    tokens.verify(token(request))
        .map(principal -> admit(ctx, principal))
        .onSuccess(admission -> upgrade(ctx, admission))
        .onFailure(err -> {
          request.resume();
          ctx.fail(err);
        });
  }

  private Admission admit(RoutingContext ctx, Principal principal) {
    GameSession session = sessions.get(ctx.pathParam("id"));
    if (!ctx.request().canUpgradeToWebSocket()) {
      throw new Problem(426, "Upgrade Required", "Connect to this path with a WebSocket.", List.of(),
          Map.of("Upgrade", "websocket"));
    }
    sessions.admit(session, principal.userId());
    return new Admission(session, principal);
  }

  private void upgrade(RoutingContext ctx, Admission admission) {
    ctx.request().toWebSocket()
        .onSuccess(socket -> {
          AccessLog.upgraded(ctx);
          admission.session().join(admission.principal(), socket, FrameChannel.of(ctx.request().connection()));
        })
        .onFailure(err -> {
          LOG.log(Level.FINE, "WebSocket handshake for game " + admission.session().id() + " failed", err);
          if (!ctx.response().ended()) {
            ctx.fail(Problem.badRequest("The WebSocket handshake failed."));
          }
        });
  }

  /** The {@code token} query parameter (browsers cannot set headers on a WebSocket), else a bearer header. */
  private static String token(HttpServerRequest request) {
    String token = request.getParam("token");
    if (token != null && !token.isBlank()) {
      return token;
    }
    String header = request.getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
  }
}
