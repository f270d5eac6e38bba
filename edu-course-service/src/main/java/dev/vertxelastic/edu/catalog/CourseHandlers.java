package dev.vertxelastic.edu.catalog;

import dev.vertxelastic.platform.http.Problem;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/** The HTTP face of the catalog: parse the request, ask the repository, write JSON. */
public final class CourseHandlers {

  static final Pattern COURSE_ID = Pattern.compile("[a-z0-9-]{1,64}");

  private final CourseRepository courses;

  public CourseHandlers(CourseRepository courses) {
    this.courses = courses;
  }

  /** {@code GET /api/courses?q=&tag=&level=&page=&size=}. */
  public void list(RoutingContext ctx) {
    CourseQuery query = CourseQuery.parse(ctx.queryParams());
    courses.search(query)
        .onSuccess(page -> ctx.json(page.toJson()))
        .onFailure(ctx::fail);
  }

  /** {@code GET /api/courses/:id}; a malformed id cannot name a course, so it is a 404 too. */
  public void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!COURSE_ID.matcher(id).matches()) {
      throw Problem.notFound("No course has this id.");
    }
    courses.find(id)
        .onSuccess(course -> course.ifPresentOrElse(
            found -> ctx.json(found.toJson()),
            () -> ctx.fail(Problem.notFound("No course '" + id + "'."))))
        .onFailure(ctx::fail);
  }
}
