package dev.vertxelastic.edu.http;

import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.http.Problem;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/** What every edu handler reads from a request: the caller (from the verified token) and path ids (bodies: {@code JsonBody}). */
public final class Requests {

  /** Course and lesson ids: lower-case letters, digits and '-', at most 64 characters (the column width). */
  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  static final int MAX_USER_ID = 64;

  private Requests() {
  }

  /** The user id of the verified token (never from the body); a 401 problem when it cannot be stored. */
  public static String userId(RoutingContext ctx) {
    String userId = Tokens.principal(ctx).userId();
    if (userId.isBlank() || userId.length() > MAX_USER_ID) {
      throw Problem.unauthorized("The token's subject must be 1-" + MAX_USER_ID + " characters.");
    }
    return userId;
  }

  /** The path parameter {@code name} as an id; a malformed one cannot name anything, so it is a 404 problem. */
  public static String id(RoutingContext ctx, String name, String what) {
    String id = ctx.pathParam(name);
    if (id == null || !ID.matcher(id).matches()) {
      throw Problem.notFound("No " + what + " has this id.");
    }
    return id;
  }
}
