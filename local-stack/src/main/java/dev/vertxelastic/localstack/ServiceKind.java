package dev.vertxelastic.localstack;

import dev.vertxelastic.edu.EduCourseVerticle;
import dev.vertxelastic.game.GameSessionVerticle;
import dev.vertxelastic.platform.config.Env;
import dev.vertxelastic.platform.runtime.HttpServiceVerticle;

import java.util.List;
import java.util.function.Function;

/** The backend services the local stack can run, with the routes each owns (ARCHITECTURE.md §3). */
enum ServiceKind {

  COURSES("edu-course-service", "edu", 0, List.of("courses", "learners"), EduCourseVerticle::new),
  GAMES("game-session-service", "game", 1, List.of("games"), GameSessionVerticle::new);

  final String service;
  final String instancePrefix;
  /** The first instance's port, from the stack's first instance port. */
  final int portOffset;
  final List<String> routes;
  final Function<Env, ? extends HttpServiceVerticle> factory;

  ServiceKind(String service, String instancePrefix, int portOffset, List<String> routes, Function<Env, ? extends HttpServiceVerticle> factory) {
    this.service = service;
    this.instancePrefix = instancePrefix;
    this.portOffset = portOffset;
    this.routes = routes;
    this.factory = factory;
  }

  static ServiceKind parse(String name) {
    for (ServiceKind kind : values()) {
      if (kind.name().equalsIgnoreCase(name) || kind.service.equals(name) || kind.instancePrefix.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown service '" + name + "': use courses or games");
  }
}
