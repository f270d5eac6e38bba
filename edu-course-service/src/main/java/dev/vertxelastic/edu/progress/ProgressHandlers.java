package dev.vertxelastic.edu.progress;

import dev.vertxelastic.edu.http.Requests;
import dev.vertxelastic.platform.http.JsonBody;
import dev.vertxelastic.platform.http.Problem;
import dev.vertxelastic.platform.http.Problem.FieldError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** The HTTP face of learning progress; the learner is always the verified token's subject. */
public final class ProgressHandlers {

  private final ProgressRepository progress;

  public ProgressHandlers(ProgressRepository progress) {
    this.progress = progress;
  }

  /** {@code PUT /api/learners/me/progress/:courseId/lessons/:lessonId} {@code {"completed":true|false}}: 200 with the progress. */
  public void mark(RoutingContext ctx) {
    String courseId = Requests.id(ctx, "courseId", "course");
    String lessonId = Requests.id(ctx, "lessonId", "lesson");
    JsonObject body = JsonBody.required(ctx);
    if (!(body.getValue("completed") instanceof Boolean completed)) {
      throw Problem.invalid(List.of(new FieldError("completed", "is required and must be true or false")));
    }
    progress.mark(Requests.userId(ctx), courseId, lessonId, completed)
        .onSuccess(result -> ctx.json(result.toJson()))
        .onFailure(ctx::fail);
  }

  /** {@code GET /api/learners/me/progress/:courseId}: completed lesson ids and a percentage. */
  public void get(RoutingContext ctx) {
    String courseId = Requests.id(ctx, "courseId", "course");
    progress.progress(Requests.userId(ctx), courseId)
        .onSuccess(result -> ctx.json(result.toJson()))
        .onFailure(ctx::fail);
  }
}
