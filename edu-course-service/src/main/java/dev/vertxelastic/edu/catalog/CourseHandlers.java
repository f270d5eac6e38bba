package dev.vertxelastic.edu.catalog;

import dev.vertxelastic.edu.http.Requests;
import dev.vertxelastic.platform.http.JsonBody;
import dev.vertxelastic.platform.http.Problem;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP face of the catalog: parse the request, ask the repository (reads through the
 * {@link CatalogCache}), write JSON. Instructor writes invalidate this instance's cache.
 */
public final class CourseHandlers {

  private final CourseRepository courses;
  private final CatalogCache cache;

  public CourseHandlers(CourseRepository courses, CatalogCache cache) {
    this.courses = courses;
    this.cache = cache;
  }

  /** {@code GET /api/courses?q=&tag=&level=&page=&size=}. */
  public void list(RoutingContext ctx) {
    CourseQuery query = CourseQuery.parse(ctx.queryParams());
    cache.get(query, () -> courses.search(query))
        .onSuccess(page -> ctx.json(page.toJson()))
        .onFailure(ctx::fail);
  }

  /** {@code GET /api/courses/:id}; a malformed id cannot name a course, so it is a 404 too. */
  public void get(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "course");
    cache.get("course:" + id, () -> courses.find(id))
        .onSuccess(course -> course.ifPresentOrElse(
            found -> ctx.json(found.toJson()),
            () -> ctx.fail(Problem.notFound("No course '" + id + "'."))))
        .onFailure(ctx::fail);
  }

  /** {@code POST /api/courses} (instructor): 201 with the course and its {@code Location}. */
  public void create(RoutingContext ctx) {
    CourseDraft draft = CourseDraft.parse(JsonBody.required(ctx));
    courses.create(Requests.userId(ctx), draft)
        .onSuccess(course -> {
          cache.invalidate();
          ctx.response().setStatusCode(201).putHeader("Location", "/api/courses/" + course.id());
          ctx.json(course.toJson());
        })
        .onFailure(ctx::fail);
  }

  /** {@code PUT /api/courses/:id} (instructor, owner only): replaces the course, 200 with the result. */
  public void update(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "course");
    CourseDraft draft = CourseDraft.parse(JsonBody.required(ctx));
    courses.update(id, Requests.userId(ctx), draft)
        .onSuccess(course -> {
          cache.invalidate();
          ctx.json(course.toJson());
        })
        .onFailure(ctx::fail);
  }
}
