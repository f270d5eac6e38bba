package dev.vertxelastic.gateway.auth;

import dev.vertxelastic.platform.auth.LocalSecrets;
import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * {@code POST /api/auth/instructor {"name":"grace","password":"..."}}: an instructor token for the
 * holder of the configured instructor password ({@code INSTRUCTOR_PASSWORD}; locally generated once
 * into {@code ~/.config/vertx-elastic/instructor-password}). The user id follows from the name, so
 * an instructor keeps owning their courses across tokens.
 */
public final class InstructorLogin {

  private static final Logger LOG = Logger.getLogger(InstructorLogin.class.getName());
  private final Tokens tokens;
  private final byte[] password;

  /** {@code password} null: instructor sign-in is off (503). */
  public InstructorLogin(Tokens tokens, String password) {
    this.tokens = tokens;
    this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code INSTRUCTOR_PASSWORD} (at least 12 characters), else the local password file; null when
   * neither can be had (e.g. a read-only file system without the variable): sign-in is then off.
   */
  public static String password(Env env) {
    try {
      return LocalSecrets.resolve(env, "INSTRUCTOR_PASSWORD", "instructor-password", 12);
    } catch (UncheckedIOException e) {
      LOG.warning("instructor sign-in is off: set INSTRUCTOR_PASSWORD (" + e.getMessage() + ")");
      return null;
    }
  }

  /** The route handler; runs after a body handler. */
  public void issue(RoutingContext ctx) {
    if (!GuestLogin.isJson(ctx.request().getHeader("Content-Type"))) {
      throw new Problem(415, "Unsupported Media Type", "Send the body as application/json.");
    }
    if (password == null) {
      throw Problem.unavailable("Instructor sign-in is not configured (INSTRUCTOR_PASSWORD).", 60);
    }
    JsonObject body = GuestLogin.jsonObject(ctx.body().buffer());
    String name = GuestLogin.guestName(body);
    Object given = body.getValue("password");
    if (!(given instanceof String candidate)) {
      throw Problem.invalid(List.of(new Problem.FieldError("password", "is required")));
    }
    if (!MessageDigest.isEqual(password, candidate.getBytes(StandardCharsets.UTF_8))) {
      throw Problem.unauthorized("The instructor password is wrong.");
    }
    Principal instructor = new Principal(userId(name), name, List.of(Principal.LEARNER, Principal.INSTRUCTOR));
    ctx.response().setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(tokens.issue(instructor).toJson().encode());
  }

  static String userId(String name) {
    return "instructor-" + name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-");
  }
}
