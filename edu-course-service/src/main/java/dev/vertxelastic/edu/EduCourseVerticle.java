package dev.vertxelastic.edu;

import dev.vertxelastic.edu.catalog.CatalogCache;
import dev.vertxelastic.edu.catalog.CourseHandlers;
import dev.vertxelastic.edu.catalog.CourseRepository;
import dev.vertxelastic.edu.db.Database;
import dev.vertxelastic.edu.db.DatabaseConfig;
import dev.vertxelastic.edu.enrollment.EnrollmentHandlers;
import dev.vertxelastic.edu.enrollment.EnrollmentRepository;
import dev.vertxelastic.edu.progress.ProgressHandlers;
import dev.vertxelastic.edu.progress.ProgressRepository;
import dev.vertxelastic.platform.auth.Principal;
import dev.vertxelastic.platform.auth.Tokens;
import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.metrics.Metrics;
import dev.vertxelastic.platform.runtime.HttpServiceVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * edu-course-service: the course catalog, course authoring, enrollments and learning progress over
 * SQL (PostgreSQL, or the embedded H2 file by default). Ready once the schema is migrated; a failed
 * migration fails the start. While the database is unreachable, its requests get 503 problems.
 * Health and metrics are served on the main and the management port ({@code MANAGEMENT_PORT}).
 */
public final class EduCourseVerticle extends HttpServiceVerticle {

  public static final String SERVICE_NAME = "edu-course-service";
  public static final int DEFAULT_PORT = 8081;
  public static final int DEFAULT_MANAGEMENT_PORT = 9081;
  public static final Duration DEFAULT_CATALOG_CACHE_TTL = Duration.ofSeconds(5);
  private static final String JSON = "application/json";

  private final DatabaseConfig databaseConfig;
  private final Duration catalogCacheTtl;
  private final Tokens.Settings tokenSettings;
  private Database database;

  /** Reads the configuration; a bad value throws a {@code ConfigException} naming the variable. */
  public EduCourseVerticle(Env env) {
    super(SERVICE_NAME, env, DEFAULT_PORT, DEFAULT_MANAGEMENT_PORT);
    this.databaseConfig = DatabaseConfig.fromEnv(env);
    this.catalogCacheTtl = env.duration("CATALOG_CACHE_TTL", DEFAULT_CATALOG_CACHE_TTL);
    if (catalogCacheTtl.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new ConfigException("CATALOG_CACHE_TTL", env.raw("CATALOG_CACHE_TTL"), "must be at most 10m (0 turns the cache off)");
    }
    this.tokenSettings = Tokens.Settings.fromEnv(env);
  }

  @Override
  protected boolean operationsOnMainPort() {
    return true;
  }

  @Override
  protected Future<Void> setup(Router router) {
    return Database.migrate(vertx, databaseConfig).map(migrated -> {
      MeterRegistry registry = Metrics.registry(registryName);
      database = Database.connect(vertx, databaseConfig, registry);
      routes(router, tokenSettings.create(vertx),
          new CourseHandlers(new CourseRepository(database), new CatalogCache(catalogCacheTtl)),
          new EnrollmentHandlers(new EnrollmentRepository(database), registry),
          new ProgressHandlers(new ProgressRepository(database)));
      return null;
    });
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
