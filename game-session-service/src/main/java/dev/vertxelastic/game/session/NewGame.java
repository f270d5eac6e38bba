package dev.vertxelastic.game.session;

import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

record NewGame(int maxPlayers) {

  NewGame {
    if (maxPlayers < SessionSettings.MIN_PLAYERS || maxPlayers > SessionSettings.MAX_PLAYERS) {
      throw new IllegalArgumentException("maxPlayers out of range: " + maxPlayers);
    }
  }

  /** Reads an optional request body (already checked by {@code JsonBody}): 400 listing every bad field. */
  static NewGame parse(Optional<JsonObject> body) {
    if (body.isEmpty()) {
      return new NewGame(SessionSettings.DEFAULT_MAX_PLAYERS);
    }
    JsonObject json = body.get();
    List<Problem.FieldError> errors = new ArrayList<>();
    int maxPlayers = SessionSettings.DEFAULT_MAX_PLAYERS;
    Object raw = json.getValue("maxPlayers");
    if (raw != null) {
      if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
          && n.doubleValue() >= SessionSettings.MIN_PLAYERS && n.doubleValue() <= SessionSettings.MAX_PLAYERS) {
        maxPlayers = n.intValue();
      } else {
        errors.add(new Problem.FieldError("maxPlayers",
            "must be an integer from " + SessionSettings.MIN_PLAYERS + " to " + SessionSettings.MAX_PLAYERS));
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors);
    }
    return new NewGame(maxPlayers);
  }
}
