package dev.vertxelastic.game.session;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Game session ids name the instance that hosts them: {@code <instanceId>.<10 chars of [a-z0-9]>}.
 * The instance id may itself contain dots, so the instance is everything before the LAST dot;
 * the gateway routes {@code /ws/games/{id}} by this rule.
 */
public final class SessionIds {

  static final int SUFFIX_LENGTH = 10;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Pattern SUFFIX = Pattern.compile("[a-z0-9]{" + SUFFIX_LENGTH + "}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionIds() {
  }

  /** A fresh id for a session hosted by {@code instanceId}. */
  public static String newId(String instanceId) {
    if (instanceId == null || instanceId.isEmpty()) {
      throw new IllegalArgumentException("instanceId is required");
    }
    StringBuilder id = new StringBuilder(instanceId.length() + 1 + SUFFIX_LENGTH).append(instanceId).append('.');
    for (int i = 0; i < SUFFIX_LENGTH; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  /** The instance that hosts {@code sessionId}: the part before its last '.'. */
  public static String instanceOf(String sessionId) {
    int dot = sessionId == null ? -1 : sessionId.lastIndexOf('.');
    if (dot <= 0 || dot == sessionId.length() - 1) {
      throw new IllegalArgumentException("not a game session id: " + sessionId);
    }
    return sessionId.substring(0, dot);
  }

  /** Whether {@code sessionId} has the shape of a session id (an instance, a dot, ten [a-z0-9]). */
  public static boolean isWellFormed(String sessionId) {
    int dot = sessionId == null ? -1 : sessionId.lastIndexOf('.');
    return dot > 0 && SUFFIX.matcher(sessionId.substring(dot + 1)).matches();
  }
}
