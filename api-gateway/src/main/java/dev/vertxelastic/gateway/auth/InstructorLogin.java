package dev.vertxelastic.gateway.auth;

import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.http.JsonBody;
import dev.vertxelastic.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /api/auth/instructor {"name":"grace","password":"..."}}: an instructor token for an
 * instructor of {@link InstructorAccounts} who gives their own password. The name is made canonical
 * once ({@link InstructorName}); the user id follows from it, so an instructor keeps owning their
 * courses across tokens and nobody can sign in as another. Passwords are checked on worker threads,
 * a few at a time: beyond that the gateway answers 429 instead of queueing slow hashes.
 */
public final class InstructorLogin {

  static final int MAX_CHECKS_IN_FLIGHT = Math.max(2, Runtime.getRuntime().availableProcessors());
  private final Vertx vertx;
  private final Tokens tokens;
  private final InstructorAccounts accounts;
  private final AtomicInteger inFlight = new AtomicInteger();

  private InstructorLogin(Vertx vertx, Tokens tokens, InstructorAccounts accounts) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.accounts = accounts;
  }

  /** Where the accounts come from ({@code INSTRUCTOR_ACCOUNTS_FILE}, else {@code INSTRUCTOR_PASSWORD}): read when the gateway is built. */
  public static final class Settings {
    private final InstructorAccounts.Source source;

    private Settings(InstructorAccounts.Source source) {
      this.source = source;
    }

    /** Reads the configuration, failing fast with a {@code ConfigException} on a bad accounts file or name. */
    public static Settings fromEnv(Env env) {
      return new Settings(InstructorAccounts.source(env));
    }

    /** The sign-in handler for these accounts. */
    public InstructorLogin create(Vertx vertx, Tokens tokens) {
      return new InstructorLogin(vertx, tokens, InstructorAccounts.of(source));
    }

    @Override
    public String toString() {
      return "InstructorLogin.Settings[" + source.getClass().getSimpleName() + "]";
    }
  }

  /** The route handler; runs after a body handler. */
  public void issue(RoutingContext ctx) {
    Credentials given = credentials(JsonBody.required(ctx));
    check(given.name(), given.password())
        .onSuccess(instructor -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(tokens.issue(instructor).toJson().encode()))
        .onFailure(ctx::fail);
  }

  private Future<Principal> check(InstructorName name, String password) {
    if (!accounts.enabled()) {
      return Future.failedFuture(Problem.unavailable("Instructor sign-in is not configured (INSTRUCTOR_ACCOUNTS_FILE).", 60));
    }
    if (inFlight.incrementAndGet() > MAX_CHECKS_IN_FLIGHT) {
      inFlight.decrementAndGet();
      return Future.failedFuture(new Problem(429, "Too Many Requests", "Too many sign-ins at once; try again shortly.",
          List.of(), Map.of("Retry-After", "1")));
    }
    return vertx.executeBlocking(() -> accounts.matches(name, password), false)
        .eventually(() -> {
          inFlight.decrementAndGet();
          return Future.succeededFuture();
        })
        .compose(matched -> matched
            ? Future.succeededFuture(new Principal(name.userId(), name.value(), List.of(Principal.LEARNER, Principal.INSTRUCTOR)))
            : Future.failedFuture(Problem.unauthorized("The instructor password is wrong.")));
  }

  private record Credentials(InstructorName name, String password) {
    @Override
    public String toString() {
      return "Credentials[name=" + name.value() + "]";
    }
  }

  /** The canonical name and the password of {@code body}; a 400 problem naming each bad field. */
  private static Credentials credentials(JsonObject body) {
    List<Problem.FieldError> errors = new ArrayList<>();
    InstructorName name = body.getValue("name") instanceof String raw ? InstructorName.of(raw).orElse(null) : null;
    if (name == null) {
      errors.add(new Problem.FieldError("name", body.getValue("name") instanceof String raw && !raw.isBlank()
          ? "must be 1-" + InstructorName.MAX_LENGTH + " letters a-z, digits, spaces, '.', '_' or '-'" : "is required"));
    }
    Object password = body.getValue("password");
    if (!(password instanceof String text) || text.isEmpty()) {
      errors.add(new Problem.FieldError("password", "is required"));
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors);
    }
    return new Credentials(name, (String) password);
  }
}
