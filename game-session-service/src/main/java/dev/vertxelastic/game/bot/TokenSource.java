package dev.vertxelastic.game.bot;

import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.auth.Tokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.List;
import java.util.UUID;

/** Where a bot gets its bearer token. */
interface TokenSource {

  Future<String> token(String name);

  /** A guest token from the gateway: {@code POST /api/auth/guest {"name"}} answers 201 {@code {"token",...}}. */
  static TokenSource gateway(WebClient http, Endpoint gateway) {
    return name -> http.post(gateway.port(), gateway.host(), "/api/auth/guest")
        .ssl(gateway.ssl())
        .sendJsonObject(new JsonObject().put("name", name))
        .compose(response -> response.statusCode() == 201 || response.statusCode() == 200
            ? Future.succeededFuture(response.bodyAsJsonObject().getString("token"))
            : Future.failedFuture("guest token: HTTP " + response.statusCode() + " " + response.bodyAsString()));
  }

  /** A token signed here with the shared {@code JWT_SECRET}: for a single instance without a gateway. */
  static TokenSource local(Tokens tokens) {
    return name -> Future.succeededFuture(
        tokens.issue(new Principal("bot-" + UUID.randomUUID(), name, List.of(Principal.LEARNER))).token());
  }
}
