package dev.vertxelastic.edu.enrollment;

import dev.vertxelastic.edu.http.Requests;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The HTTP face of enrollments; the learner is always the verified token's subject. */
public final class EnrollmentHandlers {

  private final EnrollmentRepository enrollments;
  private final Counter enrolled;

  public EnrollmentHandlers(EnrollmentRepository enrollments, MeterRegistry registry) {
    this.enrollments = enrollments;
    this.enrolled = Counter.builder("edu.enrollments")
        .description("New enrollments (a repeated request for the same course does not count)")
        .register(registry);
  }

  /** {@code POST /api/courses/:id/enrollments}: 201 the first time, 200 when already enrolled. */
  public void enroll(RoutingContext ctx) {
    String courseId = Requests.id(ctx, "id", "course");
    enrollments.enroll(Requests.userId(ctx), courseId)
        .onSuccess(result -> {
          if (result.created()) {
            enrolled.increment();
          }
          ctx.response().setStatusCode(result.created() ? 201 : 200);
          ctx.json(result.enrollment().toJson());
        })
        .onFailure(ctx::fail);
  }

  /** {@code GET /api/learners/me/enrollments}. */
  public void list(RoutingContext ctx) {
    enrollments.of(Requests.userId(ctx))
        .onSuccess(list -> ctx.json(new JsonObject()
            .put("items", new JsonArray(list.stream().map(Enrollment::toJson).toList()))))
        .onFailure(ctx::fail);
  }
}
