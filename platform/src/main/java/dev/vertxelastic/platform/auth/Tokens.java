package dev.vertxelastic.platform.auth;

import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;

/**
 * Issues and verifies HS256 JWTs carrying a user id ({@code sub}), a display name and roles.
 * The gateway and the services share {@code JWT_SECRET}.
 */
public final class Tokens {

  public static final String ISSUER = "vertx-elastic";
  private static final String PRINCIPAL_KEY = "principal";
  private final JWTAuth jwt;
  private final Duration ttl;

  public Tokens(Vertx vertx, String secret, Duration ttl) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setLeeway(5)));
    this.ttl = ttl;
  }

  /** The secret and token lifetime from the environment: read once, when a service is built. */
  public record Settings(String secret, Duration ttl) {

    public static Settings fromEnv(Env env) {
      return new Settings(Tokens.secret(env), env.duration("JWT_TTL", Duration.ofHours(12)));
    }

    public Tokens create(Vertx vertx) {
      return new Tokens(vertx, secret, ttl);
    }

    @Override
    public String toString() {
      return "Tokens.Settings[ttl=" + ttl + "]";
    }
  }

  /** A signed token for {@code principal}. */
  public IssuedToken issue(Principal principal) {
    Instant expiresAt = Instant.now().plus(ttl);
    String token = jwt.generateToken(
        new JsonObject().put("name", principal.name()).put("roles", new JsonArray(principal.roles())),
        new JWTOptions().setAlgorithm("HS256").setIssuer(ISSUER).setSubject(principal.userId())
            .setExpiresInSeconds((int) ttl.toSeconds()));
    return new IssuedToken(token, principal, expiresAt);
  }

  /** The principal of a valid token; a failed future with a 401 {@link Problem} otherwise (malformed claims too). */
  public Future<Principal> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(Problem.unauthorized("A bearer token is required."));
    }
    Future<User> authenticated;
    try {
      authenticated = jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException malformedClaims) {
      // vertx-auth-jwt throws (not fails) on claims of the wrong type, e.g. "exp":"never" (ClassCastException).
      authenticated = Future.failedFuture(malformedClaims);
    }
    return authenticated
        .map(user -> principalOf(user.principal()))
        .recover(err -> Future.failedFuture(Problem.unauthorized("The token is invalid or expired.")));
  }

  /** The principal the claims name; throws when {@code sub}, {@code name} or {@code roles} are missing or of the wrong type. */
  private static Principal principalOf(JsonObject claims) {
    if (!(claims.getValue("sub") instanceof String sub) || sub.isBlank()
        || !(claims.getValue("name", "") instanceof String name)
        || !(claims.getValue("roles", new JsonArray()) instanceof JsonArray roles)
        || !roles.stream().allMatch(String.class::isInstance)) {
      throw new IllegalArgumentException("malformed claims");
    }
    return new Principal(sub, name, roles.stream().map(String.class::cast).toList());
  }

  /** A route handler that requires a valid {@code Authorization: Bearer} token and keeps the principal. */
  public Handler<RoutingContext> authenticate() {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
      verify(token).onSuccess(p -> {
        ctx.put(PRINCIPAL_KEY, p);
        ctx.next();
      }).onFailure(ctx::fail);
    };
  }

  /** A route handler, after {@link #authenticate()}, that requires {@code role}. */
  public static Handler<RoutingContext> requireRole(String role) {
    return ctx -> {
      Principal p = principal(ctx);
      if (p.hasRole(role)) {
        ctx.next();
      } else {
        ctx.fail(Problem.forbidden("This needs the '" + role + "' role."));
      }
    };
  }

  public static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL_KEY);
    if (p == null) {
      throw Problem.unauthorized("A bearer token is required.");
    }
    return p;
  }

  /**
   * {@code JWT_SECRET} when set (at least 32 characters); otherwise a secret generated once for
   * this machine in {@code ~/.config/vertx-elastic/jwt-secret} (mode 600), shared by local processes.
   */
  public static String secret(Env env) {
    return LocalSecrets.resolve(env, "JWT_SECRET", "jwt-secret", 32);
  }

  /** A token as handed to a client. */
  public record IssuedToken(String token, Principal principal, Instant expiresAt) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("token", token)
          .put("userId", principal.userId())
          .put("name", principal.name())
          .put("roles", new JsonArray(principal.roles()))
          .put("expiresAt", expiresAt.toString());
    }
  }

}
