package dev.vertxelastic.gateway.auth;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An instructor's account name in its one canonical form: NFKC, trimmed, lower case, runs of
 * spaces, '.', '_' and '-' made one '-', then only a-z, 0-9 and inner '-' (1-40 characters), so
 * "Grace Hopper", " grace_hopper" and fullwidth "ＧＲＡＣＥ ＨＯＰＰＥＲ" are one account and
 * no look-alike letter from another script can pose as it.
 */
record InstructorName(String value) {

  static final int MAX_LENGTH = 40;
  private static final Pattern SEPARATORS = Pattern.compile("[\\s._-]+");
  private static final Pattern CANONICAL = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  InstructorName {
    if (value.length() > MAX_LENGTH || !CANONICAL.matcher(value).matches()) {
      throw new IllegalArgumentException("not a canonical instructor name");
    }
  }

  /** The canonical name of {@code raw}, or empty when it has characters outside the safe set (or is too long). */
  static Optional<InstructorName> of(String raw) {
    String folded = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    String canonical = SEPARATORS.matcher(folded).replaceAll("-");
    return canonical.length() <= MAX_LENGTH && CANONICAL.matcher(canonical).matches()
        ? Optional.of(new InstructorName(canonical)) : Optional.empty();
  }

  /** The user id that owns this instructor's courses. */
  String userId() {
    return "instructor-" + value;
  }
}
