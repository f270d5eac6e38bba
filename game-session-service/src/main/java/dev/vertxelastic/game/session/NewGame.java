package dev.vertxelastic.game.session;

import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

record NewGame(int maxPlayers) {

  NewGame {
    if (maxPlayers < SessionSettings.MIN_PLAYERS || maxPlayers > SessionSettings.MAX_PLAYERS) {
      throw new IllegalArgumentException("maxPlayers out of range: " + maxPlayers);
    }
  }

  /** Parses an optional JSON body: 415 when it is not JSON, 400 listing every bad field. */
  static NewGame parse(String contentType, Buffer body) {
    if (body == null || body.length() == 0) {
      return new NewGame(SessionSettings.DEFAULT_MAX_PLAYERS);
    }
    if (!isJson(contentType)) {
      throw new Problem(415, "Unsupported Media Type", "Send the body as application/json.");
    }
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw Problem.badRequest("The request body is not valid JSON.");
    }
    if (!(value instanceof JsonObject json)) {
      throw Problem.badRequest("The request body must be a JSON object.");
    }
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

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }
}
