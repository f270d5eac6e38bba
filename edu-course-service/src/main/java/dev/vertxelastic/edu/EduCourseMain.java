package dev.vertxelastic.edu;

import dev.vertxelastic.platform.runtime.ServiceRuntime;

/** Runs edu-course-service as a process, configured by environment variables. */
public final class EduCourseMain {

  private EduCourseMain() {
  }

  public static void main(String[] args) {
    ServiceRuntime.main(EduCourseVerticle::new);
  }
}
