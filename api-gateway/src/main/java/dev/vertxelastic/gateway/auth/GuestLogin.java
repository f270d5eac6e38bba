package dev.vertxelastic.gateway.auth;

import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.http.JsonBody;
import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code POST /api/auth/guest {"name":"ada"}}: a learner token for a new guest user, answered
 * with 201 {@code {"token","userId","name","expiresAt"}}.
 */
public final class GuestLogin {

  static final int MAX_NAME_LENGTH = 40;
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._-]+");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Tokens tokens;

  public GuestLogin(Tokens tokens) {
    this.tokens = tokens;
  }

  /** The route handler; runs after a body handler. */
  public void issue(RoutingContext ctx) {
    String name = guestName(JsonBody.required(ctx));
    ctx.response().setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(issue(name).toJson().encode());
  }

  /** A token for a new guest user called {@code name} (already validated). */
  Tokens.IssuedToken issue(String name) {
    return tokens.issue(new Principal(newUserId(), name, List.of(Principal.LEARNER)));
  }

  /** The trimmed guest name of {@code body}, or a 400 problem naming the field. */
  static String guestName(JsonObject body) {
    Object value = body.getValue("name");
    String error;
    if (value == null) {
      error = "is required";
    } else if (!(value instanceof String raw)) {
      error = "must be a string";
    } else {
      String name = raw.trim();
      int length = name.codePointCount(0, name.length());
      if (length == 0) {
        error = "must not be blank";
      } else if (length > MAX_NAME_LENGTH) {
        error = "must be at most " + MAX_NAME_LENGTH + " characters";
      } else if (!NAME.matcher(name).matches()) {
        error = "may contain only letters, digits, spaces, '.', '_' and '-'";
      } else {
        return name;
      }
    }
    throw Problem.invalid(List.of(new Problem.FieldError("name", error)));
  }

  private static String newUserId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return "u-" + HexFormat.of().formatHex(bytes);
  }
}
