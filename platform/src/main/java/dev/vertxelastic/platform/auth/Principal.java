package dev.vertxelastic.platform.auth;

import java.util.List;
import java.util.Objects;

/** The authenticated caller, as carried by a verified token. */
public record Principal(String userId, String name, List<String> roles) {

  public static final String INSTRUCTOR = "instructor";
  public static final String LEARNER = "learner";

  public Principal {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(name, "name");
    roles = List.copyOf(roles);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
