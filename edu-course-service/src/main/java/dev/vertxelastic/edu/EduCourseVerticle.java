package dev.vertxelastic.edu;

import dev.vertxelastic.edu.catalog.CatalogCache;
import dev.vertxelastic.edu.catalog.CourseHandlers;
import dev.vertxelastic.edu.catalog.CourseRepository;
import dev.vertxelastic.edu.db.Database;
import dev.vertxelastic.edu.db.DatabaseConfig;
import dev.vertxelastic.edu.db.DatabaseWait;
import dev.vertxelastic.edu.enrollment.EnrollmentHandlers;
import dev.vertxelastic.edu.enrollment.EnrollmentRepository;
import dev.vertxelastic.edu.progress.ProgressHandlers;
import dev.vertxelastic.edu.progress.ProgressRepository;
import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.http.Problem;
import dev.vertxelastic.platform.metrics.Metrics;
import dev.vertxelastic.platform.runtime.HttpServiceVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.List;

/**
 * edu-course-service: the course catalog, course authoring, enrollments and learning progress over
 * SQL (PostgreSQL, or the embedded H2 file by default). Ready once the schema is migrated; a
 * migration that cannot apply fails the start. A database that is not up yet (refused, unknown
 * host, starting up) is waited for up to {@code DB_WAIT_DEADLINE} (5m) while the service listens,
 * live but not ready (503 with the reason); past the deadline the process exits with one line.
 * While the database is unreachable later, its requests get 503 problems.
 * Health and metrics are served on the main and the management port ({@code MANAGEMENT_PORT}).
 */
public final class EduCourseVerticle extends HttpServiceVerticle {

  public static final String SERVICE_NAME = "edu-course-service";
  public static final int DEFAULT_PORT = 8081;
  public static final int DEFAULT_MANAGEMENT_PORT = 9081;
  public static final Duration DEFAULT_CATALOG_CACHE_TTL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_DB_WAIT_DEADLINE = Duration.ofMinutes(5);
  private static final String JSON = "application/json";

  private final DatabaseConfig databaseConfig;
  private final Duration catalogCacheTtl;
  private final Tokens.Settings tokenSettings;
  private final Duration dbWaitDeadline;
  private final Promise<Void> gaveUp = Promise.promise();
  private Database database;
  private DatabaseWait schema;

  /** Reads the configuration; a bad value throws a {@code ConfigException} naming the variable. */
  public EduCourseVerticle(Env env) {
    super(SERVICE_NAME, env, DEFAULT_PORT, DEFAULT_MANAGEMENT_PORT);
    this.databaseConfig = DatabaseConfig.fromEnv(env);
    this.catalogCacheTtl = env.duration("CATALOG_CACHE_TTL", DEFAULT_CATALOG_CACHE_TTL);
    if (catalogCacheTtl.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new ConfigException("CATALOG_CACHE_TTL", env.raw("CATALOG_CACHE_TTL"), "must be at most 10m (0 turns the cache off)");
    }
    this.tokenSettings = Tokens.Settings.fromEnv(env);
    this.dbWaitDeadline = env.duration("DB_WAIT_DEADLINE", DEFAULT_DB_WAIT_DEADLINE);
  }

  @Override
  protected boolean operationsOnMainPort() {
    return true;
  }

  /** The one service that compresses: the catalog's pages are its largest answers, and the gateway relays them as encoded here. */
  @Override
  protected HttpServerOptions serverOptions() {
    return super.serverOptions().setCompressionSupported(true);
  }

  @Override
  protected Future<Void> setup(Router router) {
    schema = DatabaseWait.start(vertx, databaseConfig, dbWaitDeadline);
    schema.gaveUp().onComplete(gaveUp);
    health.readyWhen("database", schema::notReadyReason);
    // The pool and the routes are made while the first migration runs on a worker thread (a start is
    // CPU-bound: both are on its path). A reachable database is migrated before the server listens (ready
    // at once); an absent one is waited for while listening.
    MeterRegistry registry = Metrics.registry(registryName);
    database = Database.connect(vertx, databaseConfig, registry);
    // No path on this route: a path would become part of every request's route label in the HTTP metrics.
    router.route().handler(this::untilMigrated);
    routes(router, tokenSettings.create(vertx),
        new CourseHandlers(new CourseRepository(database), new CatalogCache(catalogCacheTtl)),
        new EnrollmentHandlers(new EnrollmentRepository(database), registry),
        new ProgressHandlers(new ProgressRepository(database)));
    return schema.firstAttempt();
  }

  /** The catalog's reads: its first page, a search, filters by level and tag, and a course's detail (an unknown id: the same query, a 404). */
  @Override
  protected List<String> warmUpPaths() {
    return List.of("/api/courses", "/api/courses?q=warm", "/api/courses?level=beginner", "/api/courses?tag=warm", "/api/courses/warm-up");
  }

  /** Before the schema is migrated there is nothing to serve: a 503 problem (not ready, so only direct calls get here). */
  private void untilMigrated(RoutingContext ctx) {
    String reason = schema.notReadyReason();
    if (reason == null || !ctx.request().path().startsWith("/api/")) {
      ctx.next();
    } else {
      ctx.fail(Problem.unavailable("The course database is not ready yet: " + reason, 5));
    }
  }

  /** Fails with one line when the database did not come up within {@code DB_WAIT_DEADLINE} or cannot be migrated. */
  @Override
  public Future<Void> exitRequested() {
    return gaveUp.future();
  }

  /** Completes once the schema is migrated (the service is then ready). */
  public Future<Void> migrated() {
    return schema.migrated();
  }

  /** The service's whole HTTP surface. */
  private void routes(Router router, Tokens tokens, CourseHandlers courses, EnrollmentHandlers enrollments,
                      ProgressHandlers progress) {
    Handler<RoutingContext> auth = tokens.authenticate();
    Handler<RoutingContext> instructor = Tokens.requireRole(Principal.INSTRUCTOR);
    router.get("/api/courses").handler(courses::list);
    router.get("/api/courses/:id").handler(courses::get);
    router.post("/api/courses").consumes(JSON).handler(jsonBody()).handler(auth).handler(instructor).handler(courses::create);
    router.put("/api/courses/:id").consumes(JSON).handler(jsonBody()).handler(auth).handler(instructor).handler(courses::update);
    router.post("/api/courses/:id/enrollments").handler(auth).handler(enrollments::enroll);
    router.get("/api/learners/me/enrollments").handler(auth).handler(enrollments::list);
    router.get("/api/learners/me/progress/:courseId").handler(auth).handler(progress::get);
    router.put("/api/learners/me/progress/:courseId/lessons/:lessonId").consumes(JSON).handler(jsonBody()).handler(auth)
        .handler(progress::mark);
  }

  @Override
  protected Future<Void> cleanup() {
    return database == null ? Future.succeededFuture() : database.close();
  }
}
