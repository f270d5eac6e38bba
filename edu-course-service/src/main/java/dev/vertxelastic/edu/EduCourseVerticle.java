package dev.vertxelastic.edu;

import dev.vertxelastic.edu.catalog.CourseHandlers;
import dev.vertxelastic.edu.catalog.CourseRepository;
import dev.vertxelastic.edu.db.Database;
import dev.vertxelastic.edu.db.DatabaseConfig;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.HttpServiceVerticle;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;


/**
 * edu-course-service: the course catalog (and, later, enrollments and progress) over SQL.
 * Ready once the schema is migrated and the pool is open; a failed migration fails the start.
 */
public final class EduCourseVerticle extends HttpServiceVerticle {

  public static final String SERVICE_NAME = "edu-course-service";
  public static final int DEFAULT_PORT = 8081;

  private final DatabaseConfig database;
  private Pool pool;

  /** Reads the configuration; a bad value throws a {@code ConfigException} naming the variable. */
  public EduCourseVerticle(Env env) {
    super(SERVICE_NAME, env, DEFAULT_PORT);
    this.database = DatabaseConfig.fromEnv(env);
  }

  @Override
  protected Future<Void> setup(Router router) {
    return Database.open(vertx, database).<Void>map(opened -> {
      pool = opened;
      CourseHandlers courses = new CourseHandlers(new CourseRepository(opened));
      router.get("/api/courses").handler(courses::list);
      router.get("/api/courses/:id").handler(courses::get);
      return null;
    });
  }

  @Override
  protected Future<Void> cleanup() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
