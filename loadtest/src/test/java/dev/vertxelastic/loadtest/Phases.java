package dev.vertxelastic.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The phases of a load profile, as consecutive time windows (seconds since the run started). */
final class Phases {

  /** One phase: {@code [from, to)} seconds since the start. */
  record Phase(String name, double from, double to) {
    Phase {
      if (name.isBlank() || to < from) {
        throw new IllegalArgumentException("bad phase " + name + " [" + from + ", " + to + ")");
      }
    }

    double seconds() {
      return to - from;
    }
  }

  private final List<Phase> phases = new ArrayList<>();

  /** Phases in order; a zero-length phase is left out. */
  Phases add(String name, Duration length) {
    double from = phases.isEmpty() ? 0 : phases.get(phases.size() - 1).to();
    if (!length.isZero()) {
      phases.add(new Phase(name, from, from + length.toMillis() / 1000.0));
    }
    return this;
  }

  List<Phase> all() {
    return List.copyOf(phases);
  }

  /** The phase at {@code t}; after the last one, the last one (late samples belong to the cool-down). */
  String at(double t) {
    for (Phase p : phases) {
      if (t < p.to()) {
        return p.name();
      }
    }
    return phases.isEmpty() ? "run" : phases.get(phases.size() - 1).name();
  }

  double start(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst().map(Phase::from).orElse(-1.0);
  }
}
